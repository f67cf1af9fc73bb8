/**
 * `createVerifier`: validates every option once, then verifies Fetch requests (and, for adapters,
 * raw received messages) with the §9 pipeline.
 */

import { createVerificationCache, type SignwireError } from '@signwire/core';
import type { ResolvedPolicy } from '@signwire/core/internal';
import { DEFAULT_BODY_TIMEOUT_MS } from './body-reader.js';
import { type ErrorBody, errorBody, errorResponse } from './error-response.js';
import { createFailureReporter, reportUnread } from './failure-reporter.js';
import { fromFetchRequest } from './fetch-request.js';
import { createKeyFinder } from './key-ring.js';
import { createMemoryNonceStore } from './memory-nonce-store.js';
import { nodeHashes } from './native-hashes.js';
import { createOriginMismatchHint } from './origin-mismatch.js';
import type { Pipeline, TimeRejection } from './pipeline.js';
import { createOriginResolver } from './public-origin.js';
import { type ResolvedResponseSigning, type ResponseSigner, resolveResponseSigning } from './response-signing.js';
import { checkVerifierOptions, verifierClock } from './verifier-options.js';
import { createResponseSignerFor } from './verifier-response-signer.js';
import type { ReceivedMessage, VerifiedRequest, VerifierOptions, VerifyContext } from './verifier-types.js';
import { verifyMessage } from './verify-message.js';

/** A configured verifier. */
export interface Verifier {
  /** The resolved policy (label, tag, limits, required components). */
  readonly policy: ResolvedPolicy;
  /**
   * Verifies a Fetch `Request`, reading its body once.
   *
   * @param request - the received request.
   * @param context - the raw request target / peer address when the runtime knows them.
   * @returns the verified request.
   * @throws VerificationError with a stable code and HTTP status.
   */
  verify(request: Request, context?: VerifyContext): Promise<VerifiedRequest>;
  /**
   * Verifies a message given as raw parts (used by the Node adapters; useful for other runtimes).
   *
   * @param message - the received message.
   * @returns the verified request.
   * @throws VerificationError with a stable code and HTTP status.
   */
  verifyMessage(message: ReceivedMessage): Promise<VerifiedRequest>;
  /**
   * The JSON body to answer a rejection with (with the signature base only when `debug` is on).
   *
   * @param error - a Signwire error thrown by this verifier.
   * @returns `{ error: { code, message } }`.
   */
  errorBody(error: SignwireError): ErrorBody;
  /**
   * A Fetch `Response` for a rejection. With `signResponses` on, a SIGNATURE_EXPIRED or
   * SIGNATURE_FROM_FUTURE rejection of a request whose MAC verifies with a key that is not revoked
   * is signed (docs/spec.md §15.3).
   *
   * @param error - a Signwire error thrown by this verifier.
   * @returns a JSON response with the code's status.
   */
  errorResponse(error: SignwireError): Response;
  /** The verifier's response signing settings (`signResponses`), or `undefined` when off. */
  readonly responseSigning: ResolvedResponseSigning | undefined;
  /**
   * A signer for responses to `answered`: a request this verifier verified, or a rejection for its
   * time (SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE) of a request whose MAC verifies with a known,
   * currently valid key that is not revoked (an issued key's `revokedBefore`). Anything else — other
   * rejections, time rejections of requests with a wrong MAC, an unknown or a revoked key — has none:
   * the server never signs its time for an unauthenticated party or a revoked key's holder.
   * Works whether or not `signResponses` is on (adapters turn it on per route).
   *
   * @param answered - a verified request or a caught rejection.
   * @param components - extra response components to cover (default: the verifier's `signResponses.components`).
   * @returns the signer, or `undefined`.
   */
  responseSigner(answered: VerifiedRequest | SignwireError, components?: ResolvedResponseSigning['components']): ResponseSigner | undefined;
}

/**
 * Creates a verifier. Options are validated here, before any request arrives.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
 *   publicOrigin: 'https://api.example.com',
 * });
 * const verified = await verifier.verify(request); // throws VerificationError
 * ```
 * @param options - keys, origin choice and policy.
 * @returns the verifier.
 * @throws ConfigurationError CONFIGURATION_INVALID or KEY_INVALID.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const policy = checkVerifierOptions(options);
  const responseSigning = resolveResponseSigning(options.signResponses);
  const failures = createFailureReporter(options);
  const timeRejections = new WeakMap<object, TimeRejection>();
  const pipeline: Pipeline = {
    policy,
    requireExpires: options.requireExpires === true,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    lookupKey: createKeyFinder(options.keys),
    resolveOrigin: createOriginResolver(options),
    originHint: createOriginMismatchHint(options.publicOrigin),
    nonceStore: options.nonceStore ?? createMemoryNonceStore(),
    hashes: options.hashes ?? nodeHashes,
    cache: createVerificationCache(),
    now: verifierClock(options.now),
    onFailure: failures.onFailure,
    onTimeRejection: (error, rejected) => timeRejections.set(error, rejected),
  };
  const signerFor = createResponseSignerFor(pipeline, timeRejections);
  const responseSigner: Verifier['responseSigner'] = (answered, components = responseSigning?.components ?? []) =>
    signerFor(answered, components);
  const bodyFor = (error: SignwireError): ErrorBody => errorBody(error, failures.debugDetails(error));
  return {
    policy,
    verify: (request, context) => {
      let message: ReceivedMessage;
      try {
        message = fromFetchRequest(request, context);
      } catch (error) {
        reportUnread(pipeline.onFailure, error, request, context);
        return Promise.reject(error);
      }
      return verifyMessage(message, pipeline);
    },
    verifyMessage: (message) => verifyMessage(message, pipeline),
    errorBody: bodyFor,
    errorResponse: (error) => {
      const response = errorResponse(error, failures.debugDetails(error));
      const sign = responseSigning === undefined ? undefined : responseSigner(error);
      if (sign === undefined) return response;
      const body = JSON.stringify(bodyFor(error));
      const headers = new Headers(response.headers);
      const lines: [string, string][] = [];
      headers.forEach((value, name) => {
        lines.push([name, value]);
      });
      for (const [name, value] of Object.entries(sign({ status: response.status, headers: lines, body }))) headers.set(name, value);
      return new Response(body, { status: response.status, headers });
    },
    responseSigning,
    responseSigner,
  };
}
