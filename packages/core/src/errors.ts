/**
 * Stable error codes and the error classes that carry them.
 *
 * The string codes are the contract shared by the TypeScript packages, the Python implementation and
 * the test vectors (docs/spec.md §10). Classes are a TypeScript convenience for narrowing.
 */

/** The closed union of Signwire error codes (docs/spec.md §10). */
export type SignwireErrorCode =
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_MALFORMED'
  | 'FIELD_TOO_LARGE'
  | 'ALGORITHM_UNSUPPORTED'
  | 'TAG_UNSUPPORTED'
  | 'PARAMETER_MISSING'
  | 'PARAMETER_INVALID'
  | 'NONCE_MISSING'
  | 'KEY_UNKNOWN'
  | 'KEY_NOT_YET_VALID'
  | 'KEY_RETIRED'
  | 'KEY_REVOKED'
  | 'KEY_INVALID'
  | 'COMPONENT_MISSING'
  | 'COMPONENT_UNSUPPORTED'
  | 'COMPONENT_UNAVAILABLE'
  | 'COMPONENT_INVALID'
  | 'QUERY_PARAM_AMBIGUOUS'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_EXPIRED'
  | 'SIGNATURE_FROM_FUTURE'
  | 'NONCE_REPLAYED'
  | 'NONCE_STORE_FULL'
  | 'NONCE_STORE_UNAVAILABLE'
  | 'DIGEST_MISSING'
  | 'DIGEST_MALFORMED'
  | 'DIGEST_MISMATCH'
  | 'BODY_TOO_LARGE'
  | 'BODY_INCOMPLETE'
  | 'BODY_TIMEOUT'
  | 'FRAMING_AMBIGUOUS'
  | 'CONTENT_LENGTH_MISMATCH'
  | 'URL_INVALID'
  | 'METHOD_INVALID'
  | 'HEADER_INVALID'
  | 'HEADER_FORBIDDEN'
  | 'JSON_UNSUPPORTED'
  | 'JSON_DUPLICATE_MEMBER'
  | 'JSON_PROTOTYPE_MEMBER'
  | 'FORM_INVALID'
  | 'CONTENT_ENCODING_UNSUPPORTED'
  | 'BODY_NOT_BUFFERABLE'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'CONFIGURATION_INVALID';

/** Every error code with the HTTP status a verifier answers with (docs/spec.md §10). */
export const ERROR_CODES: Readonly<Record<SignwireErrorCode, number>> = /* @__PURE__ */ Object.freeze({
  SIGNATURE_MISSING: 401,
  SIGNATURE_MALFORMED: 400,
  FIELD_TOO_LARGE: 431,
  ALGORITHM_UNSUPPORTED: 401,
  TAG_UNSUPPORTED: 401,
  PARAMETER_MISSING: 401,
  PARAMETER_INVALID: 400,
  NONCE_MISSING: 401,
  KEY_UNKNOWN: 401,
  KEY_NOT_YET_VALID: 401,
  KEY_RETIRED: 401,
  KEY_REVOKED: 401,
  KEY_INVALID: 500,
  COMPONENT_MISSING: 401,
  COMPONENT_UNSUPPORTED: 400,
  COMPONENT_UNAVAILABLE: 400,
  COMPONENT_INVALID: 400,
  QUERY_PARAM_AMBIGUOUS: 400,
  SIGNATURE_INVALID: 401,
  SIGNATURE_EXPIRED: 401,
  SIGNATURE_FROM_FUTURE: 401,
  NONCE_REPLAYED: 401,
  NONCE_STORE_FULL: 503,
  NONCE_STORE_UNAVAILABLE: 503,
  DIGEST_MISSING: 401,
  DIGEST_MALFORMED: 400,
  DIGEST_MISMATCH: 401,
  BODY_TOO_LARGE: 413,
  BODY_INCOMPLETE: 400,
  BODY_TIMEOUT: 408,
  FRAMING_AMBIGUOUS: 400,
  CONTENT_LENGTH_MISMATCH: 400,
  URL_INVALID: 400,
  METHOD_INVALID: 400,
  HEADER_INVALID: 400,
  HEADER_FORBIDDEN: 400,
  JSON_UNSUPPORTED: 400,
  JSON_DUPLICATE_MEMBER: 400,
  JSON_PROTOTYPE_MEMBER: 400,
  FORM_INVALID: 400,
  CONTENT_ENCODING_UNSUPPORTED: 415,
  BODY_NOT_BUFFERABLE: 400,
  CREDENTIALS_UNAVAILABLE: 401,
  CONFIGURATION_INVALID: 500,
});

/** Options accepted by every Signwire error constructor. */
export interface SignwireErrorOptions {
  /** The underlying error, if any (never one whose message holds secret material). */
  cause?: unknown;
}

/**
 * The base class of every error Signwire throws. `code` is stable; `message` is for humans and
 * never contains key bytes, MACs or body bytes.
 */
export class SignwireError extends Error {
  /** The stable error code (docs/spec.md §10). */
  readonly code: SignwireErrorCode;
  /** The HTTP status a server answers with for this error. */
  readonly status: number;

  /**
   * @param code - the stable error code.
   * @param message - a human-readable explanation naming the failing field.
   * @param options - `cause` for the underlying error.
   */
  constructor(code: SignwireErrorCode, message: string, options?: SignwireErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SignwireError';
    this.code = code;
    this.status = ERROR_CODES[code];
  }
}

/**
 * A request failed verification. Thrown by verifiers; `status` is the 4xx/5xx to answer with. It
 * never carries a configuration code: a misconfiguration found while verifying is a
 * {@link ConfigurationError}.
 */
export class VerificationError extends SignwireError {
  /** The stable error code: any but the configuration codes. */
  declare readonly code: VerificationErrorCode;

  /**
   * @param code - the stable error code.
   * @param message - a human-readable explanation naming the failing field.
   * @param options - `cause` for the underlying error.
   */
  constructor(code: VerificationErrorCode, message: string, options?: SignwireErrorOptions) {
    super(code, message, options);
    this.name = 'VerificationError';
  }
}

/**
 * The application's configuration is wrong (a bad key, a non-positive max age, a body stream another
 * reader holds, …): thrown at construction where it can be, otherwise when the request meets it.
 * Every error with a configuration code is a `ConfigurationError`, so `instanceof` finds them all.
 */
export class ConfigurationError extends SignwireError {
  /** The stable error code: `KEY_INVALID` or `CONFIGURATION_INVALID`. */
  declare readonly code: ConfigurationErrorCode;

  /**
   * @param code - `KEY_INVALID` or `CONFIGURATION_INVALID`.
   * @param message - a human-readable explanation naming the failing option.
   * @param options - `cause` for the underlying error.
   */
  constructor(code: ConfigurationErrorCode, message: string, options?: SignwireErrorOptions) {
    super(code, message, options);
    this.name = 'ConfigurationError';
  }
}

/**
 * The codes that are about the application's configuration, not about a request: only a
 * {@link ConfigurationError} carries them.
 */
export type ConfigurationErrorCode = 'KEY_INVALID' | 'CONFIGURATION_INVALID';

/** The codes about a request (refused by a signer or a verifier): every code but the configuration codes. */
export type VerificationErrorCode = Exclude<SignwireErrorCode, ConfigurationErrorCode>;

/**
 * Whether a code is a configuration code, carried only by {@link ConfigurationError}.
 *
 * @param code - a Signwire error code.
 * @returns true for `KEY_INVALID` and `CONFIGURATION_INVALID`.
 */
export function isConfigurationErrorCode(code: SignwireErrorCode): code is ConfigurationErrorCode {
  return code === 'KEY_INVALID' || code === 'CONFIGURATION_INVALID';
}

/**
 * A Signwire error of the class its code belongs to: a {@link ConfigurationError} for a configuration
 * code, a plain {@link SignwireError} for any other (the class a signer's refusals have).
 *
 * @param code - the stable error code.
 * @param message - a human-readable explanation.
 * @param options - `cause` for the underlying error.
 * @returns the error to throw.
 */
export function signwireErrorFor(code: SignwireErrorCode, message: string, options?: SignwireErrorOptions): SignwireError {
  return isConfigurationErrorCode(code) ? new ConfigurationError(code, message, options) : new SignwireError(code, message, options);
}

/**
 * The HTTP status for an error code.
 *
 * @param code - a Signwire error code.
 * @returns the status from docs/spec.md §10.
 */
export function httpStatusFor(code: SignwireErrorCode): number {
  return ERROR_CODES[code];
}

/**
 * Whether a value is a Signwire error (works across package copies by checking the code, not only
 * `instanceof`).
 *
 * @param value - anything caught.
 * @returns true when `value` is a `SignwireError` with a known code.
 */
export function isSignwireError(value: unknown): value is SignwireError {
  if (value instanceof SignwireError) return true;
  if (!(value instanceof Error)) return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * Runs a public entry point so that anything it throws is a `SignwireError`: a foreign error (a
 * throwing getter or proxy in caller data, a wrong-typed argument from JavaScript) becomes `code`,
 * with the original as `cause`.
 *
 * @param code - the code for unexpected failures at this boundary.
 * @param what - a short description of the input, for the message.
 * @param run - the entry point's body.
 * @returns what `run` returns.
 */
export function atBoundary<T>(code: SignwireErrorCode, what: string, run: () => T): T {
  try {
    return run();
  } catch (cause) {
    if (cause instanceof SignwireError) throw cause;
    throw signwireErrorFor(code, `${what} is not valid input`, { cause });
  }
}
