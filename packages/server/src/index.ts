/**
 * `@signwire/server`: verify Signwire (RFC 9421 hmac-sha256) requests over the Fetch `Request`,
 * with bounded replay protection. Framework adapters live in the subpaths `/node`, `/express`,
 * `/fastify`, `/hono`, `/fetch` (any Fetch handler); the Redis nonce store in `/redis`.
 *
 * @packageDocumentation
 * @module @signwire/server
 */

export { ConfigurationError, isSignwireError, SignwireError, type SignwireErrorCode, VerificationError } from '@signwire/core';
export type { BodySource } from './body-reader.js';
export { type CorsOptions, corsHeaders, corsPreflight, type ResolvedCors, resolveCors } from './cors.js';
export { createVerifier, type Verifier } from './create-verifier.js';
export { type ErrorBody, REJECTION_HEADERS } from './error-response.js';
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
export type { KeyInput, KeyResolver, KeySource, SingleKeySource, VerifierKey } from './key-ring.js';
export { createMemoryNonceStore, type MemoryNonceStore, type MemoryNonceStoreOptions } from './memory-nonce-store.js';
export { nodeHashes } from './native-hashes.js';
export type { NonceEntry, NonceStore } from './nonce-store.js';
export type { OriginOptions } from './public-origin.js';
export type { RejectionLogger, RejectionLogSetting } from './rejection-log.js';
export {
  type ResolvedResponseSigning,
  type ResponseSignatureHeaders,
  type ResponseSigner,
  type ResponseSigningOptions,
  type ResponseSigningSetting,
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
