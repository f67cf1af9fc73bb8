/**
 * Signer options and their one-time validation (factories fail fast, before any request).
 */
import {
  type ComponentInput,
  ConfigurationError,
  type HashProvider,
  type HmacKey,
  importSecret,
  type SecretInput,
  SignwireError,
} from '@signwire/core';
import { type ComponentRules, createNonceSource, describeKeyIdProblem } from '@signwire/core/internal';
import type { Clock } from './clock.js';
import type { CredentialsSource, OpenableCredentialsSource } from './credentials-source.js';
import type { ExtraComponents } from './extra-components.js';

/** Options of {@link createSigner} for one fixed key (for short-lived keys: {@link CredentialsSignerOptions}). */
export interface SignerOptions extends SigningSettings {
  /** The key id the verifier looks the secret up by (`keyid`; 1–128 of `A–Z a–z 0–9 . _ ~ : / + = @ -`). */
  readonly keyId: string;
  /** The shared secret: bytes, or `{ base64 }` / `{ base64url }` / `{ hex }` text (32–1024 bytes). Never a bare string. */
  readonly secret: SecretInput;
  /** Not with a fixed key. */
  readonly credentials?: undefined;
}

/** A signer whose keys come from a credentials source (a browser's short-lived, per-user keys). */
export interface CredentialsSignerOptions extends SigningSettings {
  /**
   * Where `{ keyId, secret, expires }` come from: `credentialsFrom('/session/signing-key')` (the route
   * `keyIssuingRoute` serves) or `credentialsFrom(provider)`, from `@signwire/client/credentials`.
   * Fetched on first use, and again before `expires` (by the signer's clock, corrected by its offset)
   * or after the server refused the key; concurrent signatures share one call. What fails is
   * CREDENTIALS_UNAVAILABLE, and nothing is sent. With WebCrypto (no `hashes`) the key becomes a
   * non-extractable `CryptoKey` and the signer keeps no raw bytes; with `hashes` the signer keeps them
   * in memory while they are used.
   */
  readonly credentials: CredentialsSource;
  /** Not with `credentials`: the key id comes from them. */
  readonly keyId?: undefined;
  /** Not with `credentials`: the secret comes from them. */
  readonly secret?: undefined;
}

/** What every signer can be given besides its key. */
export interface SigningSettings {
  /**
   * Components to cover after the defaults: `extraComponents(['x-request-id', 'authorization'])`.
   * Checked at construction.
   */
  readonly components?: ExtraComponents | undefined;
  /** When set, every signature carries `expires = created + expiresInSeconds` (a positive whole number). */
  readonly expiresInSeconds?: number | undefined;
  /** The signature label (default `sig1`). */
  readonly label?: string | undefined;
  /** The clock, in **milliseconds** since the epoch like `Date.now` (the default). */
  readonly now?: Clock | undefined;
  /** The nonce source (default: 128 random bits from `crypto.getRandomValues`). */
  readonly nonce?: (() => string) | undefined;
  /**
   * Synchronous SHA-256 and HMAC-SHA256 to sign with instead of WebCrypto: `nobleHashes` (pure
   * JavaScript, any runtime; also needed for {@link Signer.signSync} and on pages without
   * `crypto.subtle`) or `nodeHashes` from `@signwire/server` (fastest on Node). The signatures are
   * the same bytes either way.
   */
  readonly hashes?: HashProvider | undefined;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedSignerOptions {
  /** The fixed key id, or `''` with credentials. */
  readonly keyId: string;
  /** The fixed key, or `undefined` with credentials. */
  readonly key: HmacKey | undefined;
  /** The credentials source, checked to be one `credentialsFrom` made, or `undefined` with a fixed key. */
  readonly credentials: OpenableCredentialsSource | undefined;
  /** The extra components as given (empty for none). */
  readonly components: readonly ComponentInput[];
  /** Their rules, or `undefined` without extra components. */
  readonly componentRules: ComponentRules | undefined;
  readonly expiresInSeconds: number | undefined;
  readonly label: string | undefined;
  readonly now: Clock;
  readonly nonce: () => string;
  readonly hashes: HashProvider | undefined;
}

/**
 * Validates signer options once.
 *
 * @param options - the options as given.
 * @returns the resolved options.
 * @throws ConfigurationError KEY_INVALID (secret) or CONFIGURATION_INVALID (key id, `expiresInSeconds`,
 * `now`, `nonce`, `hashes`). The label and `components` are checked right after, by core's
 * `createRequestSignerWith`: CONFIGURATION_INVALID for the label; HEADER_FORBIDDEN, COMPONENT_UNSUPPORTED
 * or COMPONENT_INVALID for components.
 */
export function resolveSignerOptions(options: SignerOptions | CredentialsSignerOptions): ResolvedSignerOptions {
  if (options === null || typeof options !== 'object') throw invalid('createSigner needs an options object');
  const { expiresInSeconds, now = Date.now, nonce = createNonceSource(), credentials } = options;
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds since the epoch');
  if (typeof nonce !== 'function') throw invalid('nonce must be a function returning a base64url nonce');
  const { components = NO_EXTRAS } = options;
  if (!isExtraComponents(components)) {
    throw invalid(`components must be extraComponents([...]) from @signwire/client, e.g. components: extraComponents(['x-request-id'])`);
  }
  // docs/spec.md §8 step 1: the key, then the key id, then (in core) the label and the components.
  const { keyId, key } = credentials === undefined ? fixedKey(options) : checkCredentials(options);
  const openable = credentials as OpenableCredentialsSource | undefined;
  if (expiresInSeconds !== undefined && !(Number.isSafeInteger(expiresInSeconds) && expiresInSeconds > 0)) {
    throw invalid('invalid expiresInSeconds', parameterInvalid('expires must be later than created'));
  }
  // The label, like the components, is checked by core's createRequestSignerWith (CONFIGURATION_INVALID).
  const { label, hashes } = options;
  if (hashes !== undefined && !isHashProvider(hashes)) {
    throw invalid('hashes must be a HashProvider ({ sha256, hmacSha256 }), e.g. nobleHashes');
  }
  const { list, rules } = components;
  return { keyId, key, credentials: openable, components: [...list], componentRules: rules, expiresInSeconds, label, now, nonce, hashes };
}

function fixedKey(options: SignerOptions | CredentialsSignerOptions): { keyId: string; key: HmacKey } {
  const { keyId } = options;
  // The secret before the key id (docs/spec.md §8 D7).
  const key = importSecret(options.secret as SecretInput);
  const keyIdProblem = describeKeyIdProblem('keyId', keyId);
  // keyId and expiresInSeconds become the keyid and expires parameters: the factory reports
  // CONFIGURATION_INVALID and keeps the parameter error core would raise per request as the cause.
  if (keyIdProblem !== undefined) throw invalid(keyIdProblem, parameterInvalid(keyIdProblem));
  return { keyId: keyId as string, key };
}

function checkCredentials(options: SignerOptions | CredentialsSignerOptions): { keyId: string; key: undefined } {
  if (typeof (options.credentials as Partial<OpenableCredentialsSource> | undefined)?.open !== 'function') {
    throw invalid(
      "credentials must be credentialsFrom(url) or credentialsFrom(provider) from @signwire/client/credentials, e.g. credentials: credentialsFrom('/session/signing-key')",
    );
  }
  if (options.keyId !== undefined || options.secret !== undefined) {
    throw invalid('give credentials, or keyId and secret, not both');
  }
  return { keyId: '', key: undefined };
}

/** No extra components, and no rules. */
const NO_EXTRAS = { list: [], rules: undefined } as const;

function isExtraComponents(value: unknown): value is ExtraComponents | typeof NO_EXTRAS {
  const { list, rules } = Object(value) as Partial<ExtraComponents>;
  return Array.isArray(list) && (value === NO_EXTRAS || typeof rules?.check === 'function');
}

function isHashProvider(hashes: HashProvider): boolean {
  return (
    typeof hashes?.sha256 === 'function' &&
    typeof hashes.hmacSha256 === 'function' &&
    (hashes.hmacSha256WithKey === undefined || typeof hashes.hmacSha256WithKey === 'function')
  );
}

function parameterInvalid(message: string): SignwireError {
  return new SignwireError('PARAMETER_INVALID', message);
}

function invalid(message: string, cause?: SignwireError): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_INVALID', message, cause === undefined ? undefined : { cause });
}
