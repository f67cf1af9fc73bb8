/**
 * `@signwire/core/internal`: the verifier's individual steps (docs/spec.md §9) and the helpers that
 * Signwire's own packages (`@signwire/client`, `@signwire/server`, `@signwire/cli`) share.
 *
 * For Signwire's own packages only: no semver promise. A name here can change or go in any release;
 * applications use `@signwire/core`, `@signwire/client` and `@signwire/server`.
 *
 * @packageDocumentation
 * @module @signwire/core/internal
 */
export { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, utf8 } from './bytes.js';
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
  type ComponentSource,
  deriveComponentValue,
  type MessageKind,
  type RequestComponentSource,
  serializeComponentIdentifier,
} from './components.js';
export { KEY_ID_PATTERN, MAX_JSON_DEPTH, MIN_KEY_BYTES, NONCE_PATTERN, REQUIRED_COMPONENTS } from './constants.js';
export { verifyCoverage } from './coverage.js';
export type { ComponentRules, CoveredList, RequestShape } from './covered-list.js';
export { checkBodyLength, parseFraming } from './framing.js';
export { type FieldLines, toFieldLines } from './headers.js';
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
export { verifyKeyWindow } from './key-window.js';
export { verifyMac } from './mac.js';
export { createNonceSource } from './nonce.js';
export { createRequestSignerWith } from './prepare-signer.js';
export { hasContentCoding, isJsonContentType, parseReceivedJson, singleContentType } from './received-json.js';
export { type ParseSignatureOptions, type PendingVerification, parseSignature } from './received-signature.js';
export { normalizeMethod } from './request.js';
export { deriveResponseComponentValue, type ResponseComponentSource } from './response-components.js';
export { createSignatureBase } from './signature-base.js';
export { formatSignatureFields, type ReceivedSignature, selectSignature, serializeSignatureParams } from './signature-fields.js';
export type { SignatureParameters } from './signature-params.js';
export { checkExtraComponents, requestComponentRules } from './signer-components.js';
export { type ResolvedTargetUrl, resolveTargetUrl, serializeTargetUrl, splitTargetUrl, type TargetParts } from './target-uri.js';
export { type ResolvedPolicy, resolvePolicy } from './verification-policy.js';
