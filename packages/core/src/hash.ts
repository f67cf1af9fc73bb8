/**
 * The two primitives the profile needs — SHA-256 and HMAC-SHA256 — over `@noble/hashes`, which runs
 * unchanged in every runtime. Servers may inject a native implementation of the same interface.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * A pluggable implementation of the profile's hash primitives. Every function answers synchronously
 * and must not keep `data` after it returns: callers may hand it memory they reuse.
 */
export interface HashProvider {
  /** SHA-256 of `data`. */
  sha256(data: Uint8Array): Uint8Array;
  /** HMAC-SHA256 of `data` under `key`. */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * Optional: prepares HMAC-SHA256 under one key, for an implementation that can reuse work across
   * messages (the key's inner and outer pad blocks). Signers call it once per key.
   */
  hmacSha256WithKey?(key: Uint8Array): (data: Uint8Array) => Uint8Array;
}

/**
 * The runtime-independent provider (pure JS, `@noble/hashes`). Its `hmacSha256WithKey` hashes the
 * key's two pad blocks once and clones that state per message.
 */
export const nobleHashes: HashProvider = /* @__PURE__ */ Object.freeze({
  sha256: (data: Uint8Array): Uint8Array => nobleSha256(data),
  hmacSha256: (key: Uint8Array, data: Uint8Array): Uint8Array => hmac(nobleSha256, key, data),
  hmacSha256WithKey: (key: Uint8Array): ((data: Uint8Array) => Uint8Array) => {
    const keyed = hmac.create(nobleSha256, key);
    return (data) => keyed.clone().update(data).digest();
  },
});
