/**
 * Signer options and their one-time validation (factories fail fast, before any request).
 */
import {
  type ComponentInput,
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
  /** When set, every signature carries `expires = created + expiresInSeconds` (a positive integer). */
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
 * @throws SignwireError KEY_INVALID (secret), CONFIGURATION_INVALID (missing or empty key id, bad
 * `expiresInSeconds`, `now`, `nonce` or label), PARAMETER_INVALID (key id syntax), and for
 * `components` the codes core's signer uses: HEADER_FORBIDDEN, COMPONENT_UNSUPPORTED, COMPONENT_INVALID.
 */
export function resolveSignerOptions(options: SignerOptions): ResolvedSignerOptions {
  if (options === null || typeof options !== 'object') throw invalid('createSigner needs an options object');
  const { keyId, expiresInSeconds, now = Date.now, nonce = createNonce } = options;
  if (typeof keyId !== 'string' || keyId.length === 0) throw invalid('keyId must be a non-empty string');
  if (expiresInSeconds !== undefined && !(Number.isSafeInteger(expiresInSeconds) && expiresInSeconds > 0)) {
    throw invalid('expiresInSeconds must be a positive whole number of seconds');
  }
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
    if (error instanceof SignwireError && (error.code === 'COMPONENT_UNAVAILABLE' || error.code === 'QUERY_PARAM_AMBIGUOUS')) return;
    throw error;
  }
}

function invalid(message: string): SignwireError {
  return new SignwireError('CONFIGURATION_INVALID', message);
}
