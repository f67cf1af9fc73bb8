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

/** Whether a probe's answer is exactly the expected digest bytes. */
function answersWith(answer: unknown, expected: Uint8Array): boolean {
  return answer instanceof Uint8Array && answer.length === expected.length && answer.every((byte, i) => byte === expected[i]);
}

/** `crypto.hash` (Node ≥ 20.12), the one-shot digest, as its signature when asked for bytes. */
type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;

/** The part of `node:crypto` SHA-256 is computed with. */
export interface Sha256Functions {
  readonly createHash: typeof nodeCrypto.createHash;
  readonly hash?: unknown;
}

/**
 * SHA-256 in one call. `crypto.hash` skips the `Hash` object `createHash` builds, a fixed cost that
 * weighs most on the small bodies most requests carry; a runtime whose `node:crypto` lacks it, or
 * answers with something other than the right bytes, gets `createHash`.
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
  return answersWith(answer, expected) ? viaHash : viaCreateHash;
}

/** The part of `node:crypto` a prepared HMAC-SHA256 is computed with. */
export interface HmacFunctions {
  readonly createHash: typeof nodeCrypto.createHash;
  readonly createHmac: typeof nodeCrypto.createHmac;
}

/** SHA-256's block size: a longer HMAC key is hashed first (RFC 2104 §2). */
const BLOCK_BYTES = 64;

/**
 * HMAC-SHA256 (RFC 2104) prepared once per key: the key's inner and outer pad blocks are hashed once,
 * and each message continues copies of those two SHA-256 states (`Hash.copy()`), as
 * `@noble/hashes`' `hmac` does. Why: `createHmac` initialises OpenSSL's HMAC anew per message, so
 * every request would pad and hash the key again (docs/performance.md has the figures).
 *
 * @param crypto - `node:crypto` (a parameter so that tests can take `copy` away).
 * @returns a function preparing one key, or `undefined` when the runtime's `Hash` has no working
 * `copy()` (its answer is checked against `createHmac` once); signers and verifiers then use
 * `createHmac` per message.
 */
export function preparedHmacSha256(crypto: HmacFunctions): ((key: Uint8Array) => (data: Uint8Array) => Uint8Array) | undefined {
  const prepare = (key: Uint8Array): ((data: Uint8Array) => Uint8Array) => {
    const pad = new Uint8Array(BLOCK_BYTES);
    const hashedKey = key.length > BLOCK_BYTES ? crypto.createHash('sha256').update(key).digest() : undefined;
    pad.set(hashedKey ?? key);
    hashedKey?.fill(0);
    for (let i = 0; i < BLOCK_BYTES; i++) pad[i] = (pad[i] as number) ^ 0x36;
    const inner = crypto.createHash('sha256').update(pad);
    for (let i = 0; i < BLOCK_BYTES; i++) pad[i] = (pad[i] as number) ^ 0x36 ^ 0x5c;
    const outer = crypto.createHash('sha256').update(pad);
    pad.fill(0);
    return (data) => plain(outer.copy().update(inner.copy().update(data).digest()).digest());
  };
  try {
    const key = new Uint8Array(BLOCK_BYTES + 1).map((_, i) => i);
    const data = new Uint8Array([0x61, 0x62, 0x63]);
    const answer: unknown = prepare(key)(data);
    const expected = crypto.createHmac('sha256', key).update(data).digest();
    return answersWith(answer, expected) ? prepare : undefined;
  } catch {
    return undefined;
  }
}

const prepareHmac = preparedHmacSha256(nodeCrypto);

/**
 * SHA-256 and HMAC-SHA256 from `node:crypto`: `crypto.hash` where available, else `createHash`;
 * `createHmac` for a one-off MAC; where signers and verifiers MAC many messages under one key, the
 * key prepared once (its two pad blocks hashed once, `Hash.copy()` of those states per message).
 */
export const nodeHashes: HashProvider = Object.freeze({
  sha256: nativeSha256(nodeCrypto),
  hmacSha256: (key: Uint8Array, data: Uint8Array): Uint8Array => plain(nodeCrypto.createHmac('sha256', key).update(data).digest()),
  ...(prepareHmac === undefined ? {} : { hmacSha256WithKey: prepareHmac }),
});
