/**
 * The profile's two hash primitives over `node:crypto` (OpenSSL): the default `HashProvider` of the
 * server package. Core stays runtime-free; Node, Deno, Bun and workers with Node compatibility all
 * provide `node:crypto`.
 */
import * as nodeCrypto from 'node:crypto';
import type { HashProvider } from '@signwire/core';

function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `crypto.hash` (Node ≥ 20.12), the one-shot digest, as its signature when asked for bytes. */
type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;

/** The part of `node:crypto` SHA-256 is computed with. */
export interface Sha256Functions {
  readonly createHash: typeof nodeCrypto.createHash;
  readonly hash?: unknown;
}

/**
 * SHA-256 in one call. `crypto.hash` skips the `Hash` object `createHash` builds (about 1 µs of a
 * 1 KB body's 2.5 µs); a runtime whose `node:crypto` lacks it, or answers with something other than
 * the right bytes, gets `createHash`.
 *
 * @param crypto - `node:crypto` (a parameter so that tests can take `hash` away).
 * @returns SHA-256 of bytes, as a plain `Uint8Array`.
 */
export function nativeSha256(crypto: Sha256Functions): (data: Uint8Array) => Uint8Array {
  const viaCreateHash = (data: Uint8Array): Uint8Array => plain(crypto.createHash('sha256').update(data).digest());
  if (typeof crypto.hash !== 'function') return viaCreateHash;
  const hash = crypto.hash as OneShotHash;
  const viaHash = (data: Uint8Array): Uint8Array => plain(hash('sha256', data, 'buffer'));
  const probe = new Uint8Array([0x61, 0x62, 0x63]);
  let answer: unknown;
  try {
    answer = hash('sha256', probe, 'buffer');
  } catch {
    return viaCreateHash;
  }
  const expected = viaCreateHash(probe);
  return answer instanceof Uint8Array && answer.length === 32 && answer.every((byte, i) => byte === expected[i]) ? viaHash : viaCreateHash;
}

/** SHA-256 and HMAC-SHA256 from `node:crypto` (`crypto.hash` where available, else `createHash`; `createHmac`). */
export const nodeHashes: HashProvider = Object.freeze({
  sha256: nativeSha256(nodeCrypto),
  hmacSha256: (key: Uint8Array, data: Uint8Array): Uint8Array => plain(nodeCrypto.createHmac('sha256', key).update(data).digest()),
});
