/**
 * HMAC keys: one explicit way to give a secret, a minimum length, and no way to print it.
 */

import { asBytes, fromBase64, fromBase64Url, fromHex } from './bytes.js';
import { kindOf, notAString, variableHint } from './config-messages.js';
import { MAX_KEY_BYTES, MIN_KEY_BYTES } from './constants.js';
import { atBoundary, ConfigurationError } from './errors.js';
import { printable } from './headers.js';

/**
 * A secret, given as bytes or as text in exactly one declared encoding. A bare string is refused:
 * "is this UTF-8 or base64?" is the seed of most interop bugs.
 */
export type SecretInput =
  | Uint8Array
  | ArrayBuffer
  | {
      /** The secret in base64 (RFC 4648 §4, padded). */
      base64: string;
    }
  | {
      /** The secret in base64url (RFC 4648 §5, unpadded). */
      base64url: string;
    }
  | {
      /** The secret in hex (either case). */
      hex: string;
    }
  | HmacKey;

const keyBytes = new WeakMap<HmacKey, Uint8Array>();
const constructToken: unique symbol = /* @__PURE__ */ Symbol('HmacKey');

/**
 * An imported HMAC-SHA256 key. Its bytes are private: `toString`, `toJSON` and `util.inspect` show
 * only `HmacKey(<n> bytes)`.
 */
export class HmacKey {
  /** The key length in bytes. */
  readonly length: number;

  /** @internal Use {@link importSecret}; the constructor cannot be called from outside this module. */
  constructor(token: typeof constructToken, bytes: Uint8Array) {
    if (token !== constructToken) throw new ConfigurationError('KEY_INVALID', 'use importSecret() to create a key');
    this.length = bytes.length;
    keyBytes.set(this, bytes);
    // Node's util.inspect hook, set without importing node: so console.log(key) shows no secret.
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), { value: () => this.toString() });
  }

  /** @returns a description without the secret. */
  toString(): string {
    return `HmacKey(${this.length} bytes)`;
  }

  /** @returns a description without the secret, so `JSON.stringify` never leaks it. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Reads a key's bytes. Internal to the packages: never exported from the public barrel.
 *
 * @param key - an imported key.
 * @returns the key bytes.
 */
export function exportKeyBytes(key: HmacKey): Uint8Array {
  const bytes = keyBytes.get(key);
  if (bytes === undefined) throw new ConfigurationError('KEY_INVALID', 'not a key created by importSecret()');
  return bytes;
}

/**
 * Imports a secret as an HMAC-SHA256 key (docs/spec.md §2).
 *
 * @example
 * ```ts
 * const key = importSecret({ base64: process.env.SIGNWIRE_SECRET! });
 * ```
 * @param secret - bytes, or `{ base64 }`, `{ base64url }` or `{ hex }` text.
 * @returns an opaque key.
 * @throws ConfigurationError KEY_INVALID for a bare string, bad encoding, or a length outside 32–1024 bytes.
 */
export function importSecret(secret: SecretInput): HmacKey {
  if (secret instanceof HmacKey) return secret;
  const bytes = atBoundary('KEY_INVALID', 'the secret', () => decodeSecret(secret));
  if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
    throw new ConfigurationError(
      'KEY_INVALID',
      `the secret is ${bytes.length} bytes; it must be ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes (256 bits or more)`,
    );
  }
  return new HmacKey(constructToken, bytes.slice());
}

const ENCODINGS = ['base64', 'base64url', 'hex'];
const FORMS = '{ base64 }, { base64url } or { hex }';

function decodeSecret(secret: unknown): Uint8Array {
  if (typeof secret === 'string') {
    throw new ConfigurationError('KEY_INVALID', `a secret string must declare its encoding: pass ${FORMS}, or bytes`);
  }
  const bytes = asBytes(secret);
  if (bytes !== undefined) return bytes;
  if (secret === null || typeof secret !== 'object') {
    const hint = secret === undefined ? ` (${variableHint('unset')})` : '';
    throw new ConfigurationError('KEY_INVALID', `the secret is ${kindOf(secret)}${hint}; pass bytes or ${FORMS}`);
  }
  const names = Object.keys(secret);
  const [encoding] = names;
  if (names.length !== 1 || encoding === undefined) {
    const listed =
      names.length === 0 ? 'no properties' : `${names.length} properties (${names.map((n) => printable(n.slice(0, 20))).join(', ')})`;
    throw new ConfigurationError('KEY_INVALID', `the secret object has ${listed}; pass exactly one of ${FORMS}`);
  }
  if (!ENCODINGS.includes(encoding)) {
    throw new ConfigurationError(
      'KEY_INVALID',
      `unknown secret encoding "${printable(encoding.slice(0, 20))}"; pass exactly one of ${FORMS}`,
    );
  }
  const text: unknown = (secret as Record<string, unknown>)[encoding];
  if (typeof text !== 'string') {
    const bytesHint = asBytes(text) === undefined ? '' : `; pass the bytes themselves instead of { ${encoding} }`;
    throw new ConfigurationError('KEY_INVALID', `${notAString(`the secret's ${encoding}`, text)}${bytesHint}`);
  }
  if (text === '') {
    throw new ConfigurationError('KEY_INVALID', `the secret's ${encoding} is an empty string (${variableHint('empty')})`);
  }
  const decoded = encoding === 'base64' ? fromBase64(text) : encoding === 'base64url' ? fromBase64Url(text) : fromHex(text);
  if (decoded === undefined) throw new ConfigurationError('KEY_INVALID', `the secret is not valid ${encoding}`);
  return decoded;
}
