/**
 * `@signwire/server`: verify Signwire (RFC 9421 hmac-sha256) requests over the Fetch `Request`,
 * with bounded replay protection. Framework adapters live in the subpaths `/node`, `/express`,
 * `/fastify`, `/hono`, `/fetch` (any Fetch handler); the Redis nonce store in `/redis`.
 *
 * @packageDocumentation
 * @module @signwire/server
 */

export { ConfigurationError, isSignwireError, SignwireError, type SignwireErrorCode, VerificationError } from '@signwire/core';
export { ISSUED_KEY_PREFIX, isJsonContentType } from '@signwire/core/internal';
export { type BodySource, DEFAULT_BODY_TIMEOUT_MS, readBody } from './body-reader.js';
export {
  type CorsOptions,
  corsHeaders,
  corsPreflight,
  isPreflight,
  RESPONSE_SIGNATURE_HEADERS,
  type ResolvedCors,
  resolveCors,
} from './cors.js';
export { createVerifier, type Verifier } from './create-verifier.js';
export { type ErrorBody, errorBody, errorResponse, REJECTION_HEADERS, type RejectionDebugDetails } from './error-response.js';
export { fromFetchRequest } from './fetch-request.js';
export { isFormContentType } from './form-body.js';
export { readFormData } from './form-data.js';
export {
  type KeyIssuingRouteOptions,
  keyIssuingResponse,
  type MaybeSubject,
} from './issuing-route.js';
export {
  createKeyIssuer,
  type IssuedCredentials,
  type IssueOptions,
  type KeyIssuer,
  type KeyIssuerOptions,
  type MasterKey,
  type MasterKeyInput,
  type RevokedBefore,
} from './key-issuer.js';
export {
  createKeyLookup,
  type KeyInput,
  type KeyLookup,
  type KeyResolver,
  type KeySource,
  type SingleKeySource,
  type VerifierKey,
} from './key-ring.js';
export {
  createMemoryNonceStore,
  DEFAULT_MAX_NONCE_ENTRIES,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
} from './memory-nonce-store.js';
export { nodeHashes } from './native-hashes.js';
export { type NonceEntry, type NonceStore, nonceStoreKey } from './nonce-store.js';
export type { OriginOptions, TransportOrigin } from './public-origin.js';
export type { RejectionLogger, RejectionLogSetting } from './rejection-log.js';
export {
  DEFAULT_RESPONSE_BODY_BYTES,
  type ResolvedResponseSigning,
  type ResponseSignatureHeaders,
  type ResponseSigner,
  type ResponseSigningOptions,
  type ResponseSigningSetting,
  resolveResponseSigning,
  signFetchResponse,
} from './response-signing.js';
export type {
  FailureDetails,
  ReceivedMessage,
  ReceivedRequest,
  VerifiedRequest,
  VerifierOptions,
  VerifyContext,
} from './verifier-types.js';
