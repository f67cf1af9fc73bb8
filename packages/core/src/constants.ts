/** Protocol constants of the Signwire profile (docs/spec.md). */

/** The only signature algorithm: RFC 9421 `hmac-sha256`. */
export const ALGORITHM = 'hmac-sha256';
/** The `tag` parameter naming this profile. */
export const PROFILE_TAG = 'signwire-v1';
/** The `tag` of a response signature (docs/spec.md §15). */
export const RESPONSE_TAG = 'signwire-v1-response';
/** The default signature label in `Signature-Input` / `Signature`. */
export const DEFAULT_LABEL = 'sig1';
/** Components every signature covers, in this order (docs/spec.md §6). */
export const REQUIRED_COMPONENTS: readonly string[] = /* @__PURE__ */ Object.freeze(['@method', '@authority', '@path', '@query']);
/** Minimum HMAC key length in bytes. */
export const MIN_KEY_BYTES = 32;
/** Maximum HMAC key length in bytes. */
export const MAX_KEY_BYTES = 1024;
/** Maximum length of `Signature-Input`, `Signature` and `Content-Digest` values. */
export const MAX_FIELD_LENGTH = 8192;
/** Maximum number of covered components. */
export const MAX_COMPONENTS = 32;
/** Maximum nesting depth of a JSON body (arrays + objects). */
export const MAX_JSON_DEPTH = 128;
/** Largest integer a structured-field integer may hold. */
export const MAX_SF_INTEGER = 999_999_999_999_999;
/** Verifier default (docs/spec.md §9): maximum age of `created`, seconds. */
export const DEFAULT_MAX_AGE_SECONDS = 300;
/** Verifier default (docs/spec.md §9): how far in the future `created` may be, seconds. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Verifier default (docs/spec.md §9): maximum body size, bytes (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** `keyid` syntax (docs/spec.md §2). */
export const KEY_ID_PATTERN: RegExp = /^[A-Za-z0-9._~:/+=@-]{1,128}$/;
/** `nonce` syntax: base64url without padding, 22–128 characters (docs/spec.md §7). */
export const NONCE_PATTERN: RegExp = /^[A-Za-z0-9_-]{22,128}$/;
/** RFC 9110 token. */
export const TOKEN_PATTERN: RegExp = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
