/**
 * The verifier's keys: a fixed ring (map or record) imported and checked at construction, a
 * resolver called per request (sync or async), so several keys can be valid at once (rotation), an
 * issuer's issued keys (docs/spec.md §16), or a list of these asked in order.
 */
import { ConfigurationError, HmacKey, importSecret, type KeyRingEntry, type SecretInput, SignwireError } from '@signwire/core';
import { describeKeyIdProblem, ISSUED_KEY_PREFIX } from '@signwire/core/internal';
import { issuerKeyLookup, type KeyIssuer } from './key-issuer.js';
import { createListKeyFinder } from './key-source-list.js';

/** A key with its validity window (docs/spec.md §2 and §9 step 9). Always `hmac-sha256`. */
export interface VerifierKey {
  /** The secret: bytes or `{ base64 }` / `{ base64url }` / `{ hex }`, or an imported key. */
  readonly secret: SecretInput;
  /** Unix seconds before which the key is refused (KEY_NOT_YET_VALID). */
  readonly notBefore?: number | undefined;
  /** Unix seconds from which the key is refused (KEY_RETIRED). */
  readonly notAfter?: number | undefined;
  /** A retired key is always refused (KEY_RETIRED). */
  readonly retired?: boolean | undefined;
}

/** A key as configured: a bare secret or a {@link VerifierKey}. */
export type KeyInput = SecretInput | VerifierKey;

/** Looks a key up by `keyid`; `undefined` means "no such key" (KEY_UNKNOWN). */
export type KeyResolver = (keyId: string) => KeyInput | undefined | Promise<KeyInput | undefined>;

/** One place the verifier finds keys: a fixed ring, a resolver, or a key issuer (`createKeyIssuer`). */
export type SingleKeySource = ReadonlyMap<string, KeyInput> | Readonly<Record<string, KeyInput>> | KeyResolver | KeyIssuer;

/**
 * Where the verifier finds keys: one source, or a list asked in order (e.g. `[issuer, serviceKeys]`).
 * A key id that starts with `swk1:` is asked of the issuers only; any other key id of the rest.
 */
export type KeySource = SingleKeySource | readonly SingleKeySource[];

/** A normalized key lookup. */
export type KeyLookup = (keyId: string) => Promise<KeyRingEntry | undefined>;

function isVerifierKey(input: KeyInput): input is VerifierKey {
  return typeof input === 'object' && input !== null && !(input instanceof HmacKey) && 'secret' in input;
}

function checkTime(value: number | undefined, name: string, keyId: string): void {
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', `${name} of key "${keyId}" must be integer Unix seconds`);
  }
}

/** Imports a secret; its error names the key, so a ring of several keys says which one is wrong. */
function importKey(secret: SecretInput, keyId: string): HmacKey {
  try {
    return importSecret(secret);
  } catch (cause) {
    if (!(cause instanceof SignwireError)) throw cause;
    throw new ConfigurationError('KEY_INVALID', `key "${keyId}": ${cause.message}`, { cause });
  }
}

/**
 * Imports one key and checks its window.
 *
 * @param input - the configured key.
 * @param keyId - its key id (for messages only).
 * @returns a core key ring entry.
 * @throws ConfigurationError KEY_INVALID or CONFIGURATION_INVALID.
 */
export function toKeyRingEntry(input: KeyInput, keyId: string): KeyRingEntry {
  if (!isVerifierKey(input)) return { key: importKey(input, keyId) };
  checkTime(input.notBefore, 'notBefore', keyId);
  checkTime(input.notAfter, 'notAfter', keyId);
  if (input.retired !== undefined && typeof input.retired !== 'boolean') {
    throw new ConfigurationError('CONFIGURATION_INVALID', `retired of key "${keyId}" must be a boolean`);
  }
  return { key: importKey(input.secret, keyId), notBefore: input.notBefore, notAfter: input.notAfter, retired: input.retired };
}

/**
 * A key lookup that answers synchronously when it can (a fixed ring, a sync resolver), so that the
 * verifier awaits only resolvers that return a promise.
 */
export type KeyFinder = (keyId: string) => KeyRingEntry | undefined | PromiseLike<KeyRingEntry | undefined>;

/**
 * Whether a value is a promise or another thenable.
 *
 * @param value - anything.
 * @returns true when `value` has a `then` method.
 */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as Partial<PromiseLike<T>> | undefined)?.then === 'function';
}

/**
 * Turns a key source into a lookup that answers synchronously when it can. A map or record is
 * imported now (fail fast); a resolver's answers are imported per request; an issuer derives. A list
 * is asked in order: a key id that starts with `swk1:` of its issuers, any other of the rest.
 *
 * @param source - the configured keys.
 * @returns the lookup.
 * @throws ConfigurationError CONFIGURATION_INVALID (no keys, a bad key id, a static key id that
 * starts with `swk1:`, a key id in two rings, a master id in two issuers) or KEY_INVALID.
 */
export function createKeyFinder(source: KeySource): KeyFinder {
  return Array.isArray(source) ? createListKeyFinder(source, singleKeyFinder) : singleKeyFinder(source as SingleKeySource);
}

/** One source's lookup. A key id that starts with `swk1:` is an issuer's or nobody's (docs/spec.md §16.2). */
function singleKeyFinder(source: SingleKeySource): KeyFinder {
  const issuer = issuerKeyLookup(source);
  if (issuer !== undefined) return (keyId) => issuer.find(keyId);
  if (typeof source === 'function') {
    const toEntry = (found: KeyInput | undefined, keyId: string): KeyRingEntry | undefined =>
      found === undefined || found === null ? undefined : resolvedEntry(found, keyId);
    const resolver = source as KeyResolver;
    return (keyId) => {
      if (keyId.startsWith(ISSUED_KEY_PREFIX)) return undefined;
      const found = resolver(keyId);
      return isPromiseLike(found) ? Promise.resolve(found).then((input) => toEntry(input, keyId)) : toEntry(found, keyId);
    };
  }
  if (source === null || typeof source !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'keys must be a Map, a record or a resolver function');
  }
  const pairs = source instanceof Map ? [...source.entries()] : Object.entries(source as Record<string, KeyInput>);
  if (pairs.length === 0) throw new ConfigurationError('CONFIGURATION_INVALID', 'keys must hold at least one key');
  const ring = new Map<string, KeyRingEntry>();
  for (const [keyId, input] of pairs) {
    const problem = describeKeyIdProblem('the key id', keyId);
    if (problem !== undefined) throw new ConfigurationError('CONFIGURATION_INVALID', `keys: ${problem}`);
    if (keyId.startsWith(ISSUED_KEY_PREFIX)) {
      throw new ConfigurationError(
        'CONFIGURATION_INVALID',
        `keys: the key id "${keyId}" starts with ${ISSUED_KEY_PREFIX}, which only issued keys use (createKeyIssuer); rename the key`,
      );
    }
    ring.set(keyId, toKeyRingEntry(input, keyId));
  }
  return (keyId) => ring.get(keyId);
}

/**
 * A resolver's answer, imported per request. Its error goes to the client's 500 answer, so it says
 * only that the key is misconfigured; the details (e.g. the secret's length) stay in `cause`, for
 * logs and the `onFailure` hook.
 */
function resolvedEntry(found: KeyInput, keyId: string): KeyRingEntry {
  try {
    return toKeyRingEntry(found, keyId);
  } catch (cause) {
    const code = cause instanceof ConfigurationError ? cause.code : 'KEY_INVALID';
    throw new ConfigurationError(
      code === 'KEY_INVALID' ? 'KEY_INVALID' : 'CONFIGURATION_INVALID',
      'the key resolver returned an invalid key',
      {
        cause,
      },
    );
  }
}

/**
 * Turns a key source into a lookup. A map or record is imported now (fail fast); a resolver's
 * answers are imported per request.
 *
 * @param source - the configured keys.
 * @returns the lookup.
 * @throws ConfigurationError CONFIGURATION_INVALID (no keys, a bad key id) or KEY_INVALID.
 */
export function createKeyLookup(source: KeySource): KeyLookup {
  const find = createKeyFinder(source);
  return async (keyId) => find(keyId);
}
