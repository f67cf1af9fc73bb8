/**
 * `@signwire/core`: sign and verify HTTP requests and responses with the Signwire profile of RFC 9421
 * (`hmac-sha256`), RFC 9530 `Content-Digest` and RFC 8785 canonical JSON. No `node:` imports, no I/O.
 *
 * What is here is the public, semver-governed surface: signing, verifying, canonical JSON, digests,
 * keys and nonces, errors, and the primitives a third-party integration needs (a hash provider to
 * inject native hashing, a constant-time compare, the verifier's cache). The verifier's individual
 * steps and the helpers Signwire's own packages share live in `@signwire/core/internal`, which carries
 * no semver promise.
 *
 * @packageDocumentation
 * @module @signwire/core
 */
export { canonicalJson, type JsonValue } from './canonical-json.js';
export type { ComponentIdentifier, ComponentInput, ComponentParameters } from './components.js';
export {
  ALGORITHM,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_LABEL,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_BODY_BYTES,
  PROFILE_TAG,
  RESPONSE_TAG,
} from './constants.js';
export { createContentDigest, formatContentDigest, parseContentDigest, verifyContentDigest } from './content-digest.js';
export {
  ConfigurationError,
  type ConfigurationErrorCode,
  ERROR_CODES,
  httpStatusFor,
  isConfigurationErrorCode,
  isSignwireError,
  SignwireError,
  type SignwireErrorCode,
  type SignwireErrorOptions,
  VerificationError,
  type VerificationErrorCode,
} from './errors.js';
export { type HashProvider, nobleHashes } from './hash.js';
export type { HeadersInput } from './headers.js';
export type { KeyRingEntry } from './key-window.js';
export type { VerifiedSignature } from './mac.js';
export { createNonce } from './nonce.js';
export type { SignableRequest } from './request.js';
export {
  createRequestSigner,
  type RequestSigner,
  type RequestSignerOptions,
  type SignatureTiming,
  type SignedRequestParts,
} from './request-signer.js';
export {
  type AnsweredRequest,
  type ResponseSignatureOptions,
  type SignableResponse,
  type SignedResponseParts,
  type SignResponseInput,
  signResponse,
  type VerifiedResponse,
  type VerifyResponseInput,
  verifyResponseSignature,
} from './response.js';
export { HmacKey, importSecret, type SecretInput } from './secret.js';
export { type SignRequestInput, signRequest } from './sign.js';
export { timingSafeEqual } from './timing-safe-equal.js';
export { createVerificationCache, type VerificationCache } from './verification-cache.js';
export type { VerificationPolicy } from './verification-policy.js';
export { type VerifyRequestInput, verifyRequestSignature } from './verify.js';
