/**
 * The profile's two hash primitives over `node:crypto` (OpenSSL): the default `HashProvider` of the
 * server package. Core stays runtime-free; Node, Deno, Bun and workers with Node compatibility all
 * provide `node:crypto`.
 */
import { createHash, createHmac } from 'node:crypto';
import type { HashProvider } from '@signwire/core';

function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** SHA-256 and HMAC-SHA256 from `node:crypto` (`createHash` / `createHmac`). */
export const nodeHashes: HashProvider = Object.freeze({
  sha256: (data: Uint8Array): Uint8Array => plain(createHash('sha256').update(data).digest()),
  hmacSha256: (key: Uint8Array, data: Uint8Array): Uint8Array => plain(createHmac('sha256', key).update(data).digest()),
});
