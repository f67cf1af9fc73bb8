/**
 * `createVerifier`: validates every option once, then verifies Fetch requests (and, for adapters,
 * raw received messages) with the §9 pipeline.
 */
import { ConfigurationError, isSignwireError, type ResolvedPolicy, resolvePolicy, SignwireError } from '@signwire/core';
import { type ErrorBody, errorBody, errorResponse } from './error-response.js';
import { fromFetchRequest } from './fetch-request.js';
import { createKeyLookup } from './key-ring.js';
import { createMemoryNonceStore } from './memory-nonce-store.js';
import { nodeHashes } from './native-hashes.js';
import { createOriginResolver } from './public-origin.js';
import type { ReceivedMessage, VerifiedRequest, VerifierOptions, VerifyContext } from './verifier-types.js';
import { type Pipeline, verifyMessage } from './verify-message.js';

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
   * A Fetch `Response` for a rejection.
   *
   * @param error - a Signwire error thrown by this verifier.
   * @returns a JSON response with the code's status.
   */
  errorResponse(error: SignwireError): Response;
}

function checkOptions(options: VerifierOptions): ResolvedPolicy {
  if (options === null || typeof options !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'options are required');
  for (const name of ['onFailure', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError('CONFIGURATION_INVALID', `${name} must be a function`);
    }
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
  const debugBases = new WeakMap<object, string>();
  const userHook = options.onFailure;
  const pipeline: Pipeline = {
    policy,
    requireExpires: options.requireExpires === true,
    lookupKey: createKeyLookup(options.keys),
    resolveOrigin: createOriginResolver(options),
    nonceStore: options.nonceStore ?? createMemoryNonceStore(),
    hashes: options.hashes ?? nodeHashes,
    now: options.now ?? ((): number => Date.now() / 1000),
    onFailure: (error, details) => {
      if (options.debug === true && details.signatureBase !== undefined && typeof error === 'object' && error !== null) {
        debugBases.set(error, details.signatureBase);
      }
      userHook?.(error, details);
    },
  };
  const bodyFor = (error: SignwireError): ErrorBody => errorBody(error, options.debug === true ? debugBases.get(error) : undefined);
  return {
    policy,
    verify: (request, context) => {
      try {
        return verifyMessage(fromFetchRequest(request, context), pipeline);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    verifyMessage: (message) => verifyMessage(message, pipeline),
    errorBody: bodyFor,
    errorResponse: (error) => errorResponse(error, options.debug === true ? debugBases.get(error) : undefined),
  };
}

/**
 * Whether a caught value is a rejection the adapters should answer (a Signwire error), as opposed
 * to an unexpected failure (a key resolver or nonce store outage) that goes to the framework.
 *
 * @param error - anything caught.
 * @returns true for Signwire errors.
 */
export function isRejection(error: unknown): error is SignwireError {
  return isSignwireError(error);
}
