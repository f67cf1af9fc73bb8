/**
 * RFC 9530 `Content-Digest` with `sha-256`, always over the exact body bytes.
 */
import { parseDictionary } from 'structured-headers';
import { asBytes, fromBase64, toBase64 } from './bytes.js';
import { SignwireError, VerificationError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import { parseCommonDictionary } from './structured-field-parser.js';
import { timingSafeEqual } from './timing-safe-equal.js';

/**
 * Builds a `Content-Digest` field value for the body bytes.
 *
 * @example
 * ```ts
 * createContentDigest(new TextEncoder().encode('{"hello": "world"}'));
 * // 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'
 * ```
 * @param body - the exact bytes sent.
 * @param hashes - the hash implementation (default `@noble/hashes`).
 * @returns `sha-256=:<base64>:`.
 */
export function createContentDigest(body: Uint8Array, hashes: HashProvider = nobleHashes): string {
  const bytes = asBytes(body);
  if (bytes === undefined) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body to digest must be bytes');
  return formatContentDigest(hashes.sha256(bytes));
}

/**
 * Formats a SHA-256 digest computed elsewhere (e.g. natively) as a `Content-Digest` field value.
 *
 * @param sha256 - the 32-byte digest.
 * @returns `sha-256=:<base64>:`.
 */
export function formatContentDigest(sha256: Uint8Array): string {
  return `sha-256=:${toBase64(sha256)}:`;
}

/**
 * Extracts the 32-byte `sha-256` member of a `Content-Digest` field value.
 *
 * @param fieldValue - the combined field value.
 * @returns the digest bytes.
 * @throws VerificationError DIGEST_MALFORMED when the value does not parse or the member is not 32 bytes;
 * DIGEST_MISSING when there is no `sha-256` member.
 */
export function parseContentDigest(fieldValue: string): Uint8Array {
  if (typeof fieldValue !== 'string') throw new VerificationError('DIGEST_MALFORMED', 'Content-Digest must be a string');
  // What signers send, exactly `sha-256=:<44 base64 characters>:`, is read directly; other common
  // shapes skip the library too; anything else (and every error) goes through it.
  const exact = exactSha256Member(fieldValue);
  if (exact !== undefined) return exact;
  const common = parseCommonDictionary(fieldValue)?.get('sha-256')?.value[0];
  if (common instanceof Uint8Array && common.length === 32) return common;
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(fieldValue);
  } catch (cause) {
    throw new VerificationError('DIGEST_MALFORMED', 'Content-Digest is not a structured-field dictionary', { cause });
  }
  const member = dictionary.get('sha-256');
  if (member === undefined) throw new VerificationError('DIGEST_MISSING', 'Content-Digest has no sha-256 member');
  const value = member[0];
  if (!(value instanceof ArrayBuffer) || value.byteLength !== 32) {
    throw new VerificationError('DIGEST_MALFORMED', 'the sha-256 member of Content-Digest is not a 32-byte byte sequence');
  }
  return new Uint8Array(value);
}

/** The length of `sha-256=:<44 base64 characters>:`, the field a signer of this profile sends. */
const EXACT_LENGTH = 54;

/**
 * The digest of a field value that is exactly one `sha-256` member holding 32 bytes in canonical
 * base64 and nothing else, or `undefined` for any other value (which the dictionary parsers read).
 */
function exactSha256Member(fieldValue: string): Uint8Array | undefined {
  if (fieldValue.length !== EXACT_LENGTH || !fieldValue.startsWith('sha-256=:') || fieldValue.charCodeAt(EXACT_LENGTH - 1) !== 0x3a) {
    return undefined;
  }
  const bytes = fromBase64(fieldValue.slice(9, EXACT_LENGTH - 1));
  return bytes?.length === 32 ? bytes : undefined;
}

/**
 * Checks body bytes against a `Content-Digest` field value in constant time.
 *
 * @param fieldValue - the received `Content-Digest` value.
 * @param body - the received body bytes.
 * @param hashes - the hash implementation.
 * @throws SignwireError DIGEST_MALFORMED / DIGEST_MISSING (see {@link parseContentDigest}),
 * DIGEST_MISMATCH when the body does not match.
 */
export function verifyContentDigest(fieldValue: string, body: Uint8Array, hashes: HashProvider = nobleHashes): void {
  const expected = parseContentDigest(fieldValue);
  const bytes = asBytes(body);
  if (bytes === undefined) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body to check must be bytes');
  if (!timingSafeEqual(expected, hashes.sha256(bytes))) {
    throw new SignwireError('DIGEST_MISMATCH', 'the body does not match its Content-Digest');
  }
}
