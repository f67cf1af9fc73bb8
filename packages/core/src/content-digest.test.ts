import fc from 'fast-check';
import { parseDictionary } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { parseContentDigest } from './content-digest.js';
import { SignwireError } from './errors.js';

/** parseContentDigest's contract computed with `structured-headers` alone (no fast path). */
function reference(fieldValue: string): unknown {
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(fieldValue);
  } catch {
    return { error: 'DIGEST_MALFORMED' };
  }
  const member = dictionary.get('sha-256');
  if (member === undefined) return { error: 'DIGEST_MISSING' };
  const value = member[0];
  if (!(value instanceof ArrayBuffer) || value.byteLength !== 32) return { error: 'DIGEST_MALFORMED' };
  return { bytes: [...new Uint8Array(value)] };
}

function outcome(fieldValue: string): unknown {
  try {
    return { bytes: [...parseContentDigest(fieldValue)] };
  } catch (error) {
    if (error instanceof SignwireError) return { error: error.code };
    throw error;
  }
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** One character of a 54-character `sha-256=:…:` value changed, to sit on both sides of the exact shape. */
const nearMiss = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(53), fc.constantFrom(':', '=', ' ', 'A', 'B', '/', '+', '-', 'S', ','))
  .map(([digest, at, c]) => {
    const exact = `sha-256=:${base64(digest)}:`;
    return `${exact.slice(0, at)}${c}${exact.slice(at + 1)}`;
  });

describe('parseContentDigest', () => {
  it('reads the exact shape signers send: sha-256=:<32 bytes>:', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (digest) => {
        expect(outcome(`sha-256=:${base64(digest)}:`)).toEqual({ bytes: [...digest] });
      }),
    );
  });

  it('gives what the library path gives, result or error, for values next to that shape', () => {
    fc.assert(
      fc.property(nearMiss, (fieldValue) => {
        expect(outcome(fieldValue)).toEqual(reference(fieldValue));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['non-canonical trailing bits', `sha-256=:${base64(new Uint8Array(32)).slice(0, 42)}B=:`],
    ['a 31-byte digest padded to the same length', `sha-256=:${base64(new Uint8Array(31))}=:`.slice(0, 54)],
    ['another algorithm of the same length', `sha-512=:${base64(new Uint8Array(32))}:`],
    ['upper-case key', `SHA-256=:${base64(new Uint8Array(32))}:`],
    ['a parameter after the member', `sha-256=:${base64(new Uint8Array(32))}:;a`],
    ['a second member', `sha-256=:${base64(new Uint8Array(32))}:, sha-512=:AAAA:`],
    ['the member twice (the last wins)', `sha-256=:${base64(new Uint8Array(32))}:, sha-256=:${base64(new Uint8Array(32).fill(1))}:`],
  ])('%s: as the library path', (_name, fieldValue) => {
    expect(outcome(fieldValue)).toEqual(reference(fieldValue));
  });
});
