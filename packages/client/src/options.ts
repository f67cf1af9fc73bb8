/**
 * Signer options and their one-time validation (factories fail fast, before any request).
 */
import {
  type ComponentInput,
  ConfigurationError,
  createNonce,
  type HmacKey,
  importSecret,
  type SecretInput,
  SignwireError,
  signRequest,
} from '@signwire/core';
import type { Clock } from './clock.js';

/** Options of {@link createSigner}. */
export interface SignerOptions {
  /** The key id the verifier looks the secret up by (`keyid`; 1–128 of `A–Z a–z 0–9 . _ ~ : / + = @ -`). */
  readonly keyId: string;
  /** The shared secret: bytes, or `{ base64 }` / `{ base64url }` / `{ hex }` text (32–1024 bytes). Never a bare string. */
  readonly secret: SecretInput;
  /** Extra components to cover after the defaults, e.g. `['x-request-id', 'authorization']`. Checked at construction. */
  readonly components?: readonly ComponentInput[] | undefined;
  /** When set, every signature carries `expires = created + expiresInSeconds` (a positive whole number). */
  readonly expiresInSeconds?: number | undefined;
  /** The signature label (default `sig1`). */
  readonly label?: string | undefined;
  /** The clock, in **milliseconds** since the epoch like `Date.now` (the default). */
  readonly now?: Clock | undefined;
  /** The nonce source (default: 128 random bits from `crypto.getRandomValues`). */
  readonly nonce?: (() => string) | undefined;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedSignerOptions {
  readonly keyId: string;
  readonly key: HmacKey;
  readonly components: readonly ComponentInput[];
  readonly expiresInSeconds: number | undefined;
  readonly label: string | undefined;
  readonly now: Clock;
  readonly nonce: () => string;
}

/** A syntactically valid nonce, used only for the construction-time dry run. */
const DRY_RUN_NONCE = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * Validates signer options once.
 *
 * @param options - the options as given.
 * @returns the resolved options.
 * @throws ConfigurationError KEY_INVALID (secret) or CONFIGURATION_INVALID (key id, `expiresInSeconds`,
 * `now`, `nonce`, label; for the key id and expiry `cause` is core's PARAMETER_INVALID error); for
 * `components` a SignwireError with the code core's signer uses per request: HEADER_FORBIDDEN,
 * COMPONENT_UNSUPPORTED or COMPONENT_INVALID.
 */
export function resolveSignerOptions(options: SignerOptions): ResolvedSignerOptions {
  if (options === null || typeof options !== 'object') throw invalid('createSigner needs an options object');
  const { keyId, expiresInSeconds, now = Date.now, nonce = createNonce } = options;
  if (typeof keyId !== 'string') throw invalid('keyId must be a string');
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds since the epoch');
  if (typeof nonce !== 'function') throw invalid('nonce must be a function returning a base64url nonce');
  const components = options.components ?? [];
  if (!Array.isArray(components)) throw invalid('components must be an array');
  const key = importSecret(options.secret);
  const resolved = { keyId, key, components: [...components], expiresInSeconds, label: options.label, now, nonce };
  dryRun(resolved);
  return resolved;
}

/**
 * Signs a throw-away request so that core checks the key id, label and covered components with the
 * very rules it applies per request. Only "the field is not in this request" outcomes are ignored.
 */
function dryRun(options: ResolvedSignerOptions): void {
  try {
    signRequest({
      request: { method: 'GET', url: 'https://signwire.invalid/' },
      key: options.key,
      keyId: options.keyId,
      created: 0,
      expires: options.expiresInSeconds,
      nonce: DRY_RUN_NONCE,
      components: options.components,
      label: options.label,
    });
  } catch (error) {
    if (!(error instanceof SignwireError)) throw error;
    if (error.code === 'COMPONENT_UNAVAILABLE' || error.code === 'QUERY_PARAM_AMBIGUOUS') return;
    // keyId and expiresInSeconds become the keyid and expires parameters: an option problem, so the
    // factory reports CONFIGURATION_INVALID and keeps core's PARAMETER_INVALID as the cause.
    if (error.code === 'PARAMETER_INVALID') throw invalid(`invalid keyId or expiresInSeconds: ${error.message}`, error);
    throw error;
  }
}

function invalid(message: string, cause?: SignwireError): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_INVALID', message, cause === undefined ? undefined : { cause });
}
