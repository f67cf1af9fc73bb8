/**
 * `createVerifier`: validates every option once, then verifies Fetch requests (and, for adapters,
 * raw received messages) with the §9 pipeline.
 */
import {
  type AnsweredRequest,
  ConfigurationError,
  createVerificationCache,
  type HmacKey,
  isSignwireError,
  SignwireError,
  signResponse,
} from '@signwire/core';
import { type ResolvedPolicy, resolvePolicy, verifyMac } from '@signwire/core/internal';
import { DEFAULT_BODY_TIMEOUT_MS } from './body-reader.js';
import { type ErrorBody, errorBody, errorResponse, type RejectionDebugDetails } from './error-response.js';
import { fromFetchRequest } from './fetch-request.js';
import { createKeyFinder } from './key-ring.js';
import { createMemoryNonceStore } from './memory-nonce-store.js';
import { nodeHashes } from './native-hashes.js';
import { createOriginMismatchHint } from './origin-mismatch.js';
import { createOriginResolver } from './public-origin.js';
import { formatRejection, resolveRejectionLog } from './rejection-log.js';
import { type ResolvedResponseSigning, type ResponseSigner, resolveResponseSigning } from './response-signing.js';
import type { ReceivedMessage, VerifiedRequest, VerifierOptions, VerifyContext } from './verifier-types.js';
import { type Pipeline, type TimeRejection, verifiedKey, verifyMessage } from './verify-message.js';

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
   * SIGNATURE_FROM_FUTURE rejection of a request whose MAC verifies is signed (docs/spec.md §15.3).
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
   * currently valid key. Anything else — other rejections, time rejections of requests with a wrong
   * MAC or an unknown key — has none: the server never signs its time for an unauthenticated party.
   * Works whether or not `signResponses` is on (adapters turn it on per route).
   *
   * @param answered - a verified request or a caught rejection.
   * @param components - extra response components to cover (default: the verifier's `signResponses.components`).
   * @returns the signer, or `undefined`.
   */
  responseSigner(answered: VerifiedRequest | SignwireError, components?: ResolvedResponseSigning['components']): ResponseSigner | undefined;
}

/** What signing a response to one request needs. */
interface SigningContext {
  readonly request: AnsweredRequest;
  readonly key: HmacKey;
  readonly keyId: string;
  readonly requestLabel: string;
}

/** The longest delay `setTimeout` keeps (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkOptions(options: VerifierOptions): ResolvedPolicy {
  if (options === null || typeof options !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'options are required');
  for (const name of ['onFailure', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError('CONFIGURATION_INVALID', `${name} must be a function`);
    }
  }
  const { bodyTimeoutMs } = options;
  if (bodyTimeoutMs !== undefined && !(Number.isInteger(bodyTimeoutMs) && bodyTimeoutMs > 0 && bodyTimeoutMs <= MAX_TIMER_MS)) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      `bodyTimeoutMs must be a positive integer of milliseconds, at most ${MAX_TIMER_MS}`,
    );
  }
  if (options.nonceStore !== undefined && typeof options.nonceStore?.checkAndRemember !== 'function') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'nonceStore must implement checkAndRemember()');
  }
  try {
    return resolvePolicy(options);
  } catch (error) {
    if (error instanceof SignwireError) throw new ConfigurationError('CONFIGURATION_INVALID', error.message, { cause: error });
    throw error;
  }
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
  const policy = checkOptions(options);
  const debug = options.debug === true;
  const debugDetails = new WeakMap<object, RejectionDebugDetails>();
  const responseSigning = resolveResponseSigning(options.signResponses);
  const timeRejections = new WeakMap<object, TimeRejection>();
  const userHook = options.onFailure;
  const log = resolveRejectionLog(options.log, debug);
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
    now: options.now === undefined ? (): number => Date.now() / 1000 : checkedClock(options.now),
    onFailure: (error, details, message) => {
      if (debug && typeof error === 'object' && error !== null) {
        debugDetails.set(error, { signatureBase: details.signatureBase, hint: details.hint });
      }
      try {
        userHook?.(error, details);
      } finally {
        // A throwing hook does not silence the log (the pipeline ignores both failures).
        // Named fields, no spread: the spread would read (and build) the lazy signature base.
        if (log !== undefined && isSignwireError(error)) {
          const { method, keyId, hint } = details;
          log(formatRejection(error, { method, requestTarget: message.requestTarget, keyId, hint }));
        }
      }
    },
    onTimeRejection: (error, rejected) => timeRejections.set(error, rejected),
  };
  const now = pipeline.now;
  const contextFor = (answered: VerifiedRequest | SignwireError): SigningContext | undefined => {
    if (answered instanceof SignwireError) {
      const rejected = timeRejections.get(answered);
      if (rejected === undefined) return undefined;
      const { pending, key } = rejected;
      try {
        verifyMac(pending, key, pipeline.hashes, pipeline.cache); // the decision: sign a time rejection only for an authentic request
      } catch {
        timeRejections.delete(answered);
        return undefined;
      }
      return {
        request: { method: pending.method, url: pending.url, headers: pending.fields },
        key,
        keyId: pending.params.keyid,
        requestLabel: pending.label,
      };
    }
    const key = verifiedKey(answered, pipeline);
    return key === undefined ? undefined : { request: answered.request, key, keyId: answered.keyId, requestLabel: answered.label };
  };
  const responseSigner: Verifier['responseSigner'] = (answered, components = responseSigning?.components ?? []) => {
    const context = contextFor(answered);
    if (context === undefined) return undefined;
    return (response) =>
      signResponse({
        response,
        request: context.request,
        key: context.key,
        keyId: context.keyId,
        requestLabel: context.requestLabel,
        created: Math.floor(now()),
        components,
        hashes: pipeline.hashes,
      }).headers;
  };
  const bodyFor = (error: SignwireError): ErrorBody => errorBody(error, debugDetails.get(error));
  return {
    policy,
    verify: (request, context) => {
      let message: ReceivedMessage;
      try {
        message = fromFetchRequest(request, context);
      } catch (error) {
        reportUnread(pipeline, error, request, context);
        return Promise.reject(error);
      }
      return verifyMessage(message, pipeline);
    },
    verifyMessage: (message) => verifyMessage(message, pipeline),
    errorBody: bodyFor,
    errorResponse: (error) => {
      const response = errorResponse(error, debugDetails.get(error));
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

/**
 * Reports a request the verifier could not read at all (its body was consumed before it ran) to
 * `onFailure` and the log, like every other rejection.
 */
function reportUnread(pipeline: Pipeline, error: unknown, request: Request, context: VerifyContext | undefined): void {
  try {
    const { method } = request;
    const requestTarget = context?.requestTarget ?? new URL(request.url).pathname;
    const details = { method, url: undefined, keyId: undefined, hint: undefined, signatureBase: undefined };
    pipeline.onFailure(error, details, { method, requestTarget, headers: [], body: null });
  } catch {
    // As in the pipeline: a failing hook or log does not change the outcome.
  }
}

/** Above this a reading is a time after the year 5138 in seconds: a clock in milliseconds, by mistake. */
const MILLISECONDS_LOOKALIKE = 1e11;

/**
 * The application's clock, each reading checked: Unix seconds, a finite number, not milliseconds.
 *
 * @param now - the `now` option.
 * @returns a clock that throws ConfigurationError CONFIGURATION_INVALID (answered 500) on a bad reading.
 */
function checkedClock(now: () => number): () => number {
  return () => {
    const seconds: unknown = now();
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      throw new ConfigurationError('CONFIGURATION_INVALID', 'the verifier clock (options.now) must return a finite number of seconds');
    }
    if (seconds > MILLISECONDS_LOOKALIKE) {
      throw new ConfigurationError(
        'CONFIGURATION_INVALID',
        `the verifier clock (options.now) returned ${seconds}, after the year 5000 in seconds: it must return Unix seconds (Date.now() / 1000), not milliseconds`,
      );
    }
    return seconds;
  };
}
