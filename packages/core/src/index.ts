/**
 * `@signwire/core`: everything the Signwire signer and verifier share. No `node:` imports, no I/O.
 *
 * @packageDocumentation
 * @module @signwire/core
 */
export { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, utf8 } from './bytes.js';
export { canonicalJson, type JsonValue } from './canonical-json.js';
export {
  type ClockDecision,
  type ClockLimits,
  type ClockSample,
  type ClockSampleRefusal,
  DEFAULT_MAX_CLOCK_OFFSET_SECONDS,
  DEFAULT_MAX_ROUND_TRIP_MILLISECONDS,
  decideClockOffset,
  MAX_ROUND_TRIP_LIMIT_MILLISECONDS,
} from './clock-offset.js';
export {
  type ComponentIdentifier,
  type ComponentInput,
  type ComponentParameters,
  type ComponentSource,
  deriveComponentValue,
  type MessageKind,
  type RequestComponentSource,
  serializeComponentIdentifier,
} from './components.js';
export {
  ALGORITHM,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_LABEL,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_BODY_BYTES,
  KEY_ID_PATTERN,
  MAX_JSON_DEPTH,
  MIN_KEY_BYTES,
  NONCE_PATTERN,
  PROFILE_TAG,
  REQUIRED_COMPONENTS,
  RESPONSE_TAG,
} from './constants.js';
export { createContentDigest, formatContentDigest, parseContentDigest, verifyContentDigest } from './content-digest.js';
export { verifyCoverage } from './coverage.js';
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
export { checkBodyLength, parseFraming } from './framing.js';
export { type HashProvider, nobleHashes } from './hash.js';
export { type FieldLines, type HeadersInput, toFieldLines } from './headers.js';
export {
  checkRevocation,
  createIssuedKeyDeriver,
  type IssuedKeyDeriver,
  type IssuedKeyEntry,
  type IssuingMaster,
  resolveIssuedKey,
} from './issued-key.js';
export {
  describeIssuedKeyFieldProblem,
  formatIssuedKeyId,
  ISSUED_KEY_PREFIX,
  type IssuedKeyFields,
  parseIssuedKeyId,
} from './issued-key-id.js';
export { describeKeyIdProblem } from './key-id.js';
export { type KeyRingEntry, verifyKeyWindow } from './key-window.js';
export { type VerifiedSignature, verifyMac } from './mac.js';
export { createNonce, createNonceSource } from './nonce.js';
export { hasContentCoding, isJsonContentType, parseReceivedJson, singleContentType } from './received-json.js';
export { type ParseSignatureOptions, type PendingVerification, parseSignature } from './received-signature.js';
export { normalizeMethod, type SignableRequest } from './request.js';
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
export { deriveResponseComponentValue, type ResponseComponentSource } from './response-components.js';
export { HmacKey, importSecret, type SecretInput } from './secret.js';
export { type SignRequestInput, signRequest } from './sign.js';
export { createSignatureBase } from './signature-base.js';
export { formatSignatureFields, type ReceivedSignature, selectSignature, serializeSignatureParams } from './signature-fields.js';
export type { SignatureParameters } from './signature-params.js';
export { checkExtraComponents } from './signer-components.js';
export { type ResolvedTargetUrl, resolveTargetUrl, serializeTargetUrl, splitTargetUrl, type TargetParts } from './target-uri.js';
export { timingSafeEqual } from './timing-safe-equal.js';
export { createVerificationCache, type VerificationCache } from './verification-cache.js';
export { type ResolvedPolicy, resolvePolicy, type VerificationPolicy } from './verification-policy.js';
export { type VerifyRequestInput, verifyRequestSignature } from './verify.js';
