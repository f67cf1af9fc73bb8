import { describe, expect, it } from 'vitest';
import { nobleHashes } from './hash.js';
import { keyedHmacSha256 } from './keyed-mac.js';
import { HmacKey, importSecret } from './secret.js';

const bytes = (seed: number, length: number): Uint8Array => new Uint8Array(length).map((_, i) => (i * 31 + seed) & 0xff);

describe('keyedHmacSha256', () => {
  it('gives the plain HMAC, message after message, per key and per provider', () => {
    const keys = [bytes(1, 32), bytes(2, 100)].map((keyBytes) => ({ keyBytes, key: importSecret(keyBytes) }));
    const plainOnly = { sha256: nobleHashes.sha256, hmacSha256: nobleHashes.hmacSha256 };
    for (const hashes of [nobleHashes, plainOnly, nobleHashes]) {
      for (const { keyBytes, key } of keys) {
        for (const length of [0, 1, 64, 300]) {
          const data = bytes(length, length);
          expect(keyedHmacSha256(key, hashes, data)).toEqual(nobleHashes.hmacSha256(keyBytes, data));
        }
      }
    }
  });

  it('refuses a key not made by importSecret', () => {
    const fake = Object.create(HmacKey.prototype) as HmacKey;
    expect(() => keyedHmacSha256(fake, nobleHashes, bytes(0, 4))).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});
