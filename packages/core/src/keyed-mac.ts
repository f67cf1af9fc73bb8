/**
 * HMAC-SHA256 under an imported key, with the provider's per-key preparation
 * (`HashProvider.hmacSha256WithKey`: the key's two pad blocks hashed once) cached for that key, so a
 * verifier with a fixed key ring prepares each key once rather than once per request.
 */
import type { HashProvider } from './hash.js';
import { exportKeyBytes, type HmacKey } from './secret.js';

/** One prepared MAC per key (keys are immutable), for the provider it was prepared with. */
const prepared = new WeakMap<HmacKey, { readonly hashes: HashProvider; readonly mac: (data: Uint8Array) => Uint8Array }>();

/**
 * Computes HMAC-SHA256 of `data` under `key`.
 *
 * @param key - an imported key.
 * @param hashes - the hash implementation.
 * @param data - the message.
 * @returns the MAC.
 */
export function keyedHmacSha256(key: HmacKey, hashes: HashProvider, data: Uint8Array): Uint8Array {
  const cached = prepared.get(key);
  if (cached !== undefined && cached.hashes === hashes) return cached.mac(data);
  const keyBytes = exportKeyBytes(key);
  if (typeof hashes.hmacSha256WithKey !== 'function') return hashes.hmacSha256(keyBytes, data);
  const mac = hashes.hmacSha256WithKey(keyBytes);
  prepared.set(key, { hashes, mac });
  return mac(data);
}
