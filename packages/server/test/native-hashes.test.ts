import * as nodeCrypto from 'node:crypto';
import { nobleHashes } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { nativeSha256, nodeHashes } from '../src/native-hashes.js';

const inputs = [0, 1, 55, 56, 64, 1000, 100_000].map((length) => new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff));

describe('nodeHashes', () => {
  it('gives the same SHA-256 and HMAC-SHA256 as @noble/hashes, as plain Uint8Arrays', () => {
    const key = new Uint8Array(32).map((_, i) => i);
    for (const data of inputs) {
      const digest = nodeHashes.sha256(data);
      expect(Object.getPrototypeOf(digest)).toBe(Uint8Array.prototype);
      expect(digest).toEqual(nobleHashes.sha256(data));
      const mac = nodeHashes.hmacSha256(key, data);
      expect(Object.getPrototypeOf(mac)).toBe(Uint8Array.prototype);
      expect(mac).toEqual(nobleHashes.hmacSha256(key, data));
    }
  });

  it('hashes a view into a larger buffer, not the whole buffer', () => {
    const buffer = new Uint8Array(100).map((_, i) => i);
    expect(nodeHashes.sha256(buffer.subarray(10, 20))).toEqual(nobleHashes.sha256(buffer.slice(10, 20)));
  });
});

describe('nativeSha256', () => {
  const runtimes: [string, Parameters<typeof nativeSha256>[0]][] = [
    ['node:crypto with hash()', nodeCrypto],
    ['without hash() (older runtimes)', { createHash: nodeCrypto.createHash }],
    [
      'with a hash() that throws',
      {
        createHash: nodeCrypto.createHash,
        hash: () => {
          throw new Error('unsupported');
        },
      },
    ],
    [
      'with a hash() that answers in hex',
      { createHash: nodeCrypto.createHash, hash: (a: string, d: Uint8Array) => nodeCrypto.createHash(a).update(d).digest('hex') },
    ],
    ['with a hash() that answers other bytes', { createHash: nodeCrypto.createHash, hash: () => new Uint8Array(32) }],
  ];
  it.each(runtimes)('%s: the right digest', (_name, crypto) => {
    const sha256 = nativeSha256(crypto);
    for (const data of inputs) expect(sha256(data)).toEqual(nobleHashes.sha256(data));
  });
});
