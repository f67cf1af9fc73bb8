import * as nodeCrypto from 'node:crypto';
import { nobleHashes } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { nativeSha256, nodeHashes, preparedHmacSha256 } from '../src/native-hashes.js';

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

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// RFC 4231 §4.2, §4.3, §4.7 and §4.8 (HMAC-SHA-256): an independent source, also checked with Python's hmac.
const RFC_4231: [string, Uint8Array, Uint8Array, string][] = [
  ['test case 1', new Uint8Array(20).fill(0x0b), text('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  ['test case 2', text('Jefe'), text('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  [
    'test case 6 (a key longer than a block)',
    new Uint8Array(131).fill(0xaa),
    text('Test Using Larger Than Block-Size Key - Hash Key First'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    'test case 7 (key and data longer than a block)',
    new Uint8Array(131).fill(0xaa),
    text(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
];

describe('nodeHashes.hmacSha256WithKey (a key prepared once)', () => {
  const prepare = nodeHashes.hmacSha256WithKey;

  it('is offered on Node', () => {
    expect(typeof prepare).toBe('function');
  });

  it.each(RFC_4231)('RFC 4231 %s', (_name, key, data, expected) => {
    expect(hex(prepare?.(key)(data) ?? new Uint8Array())).toBe(expected);
    expect(hex(nodeHashes.hmacSha256(key, data))).toBe(expected);
  });

  it.each([32, 63, 64, 65, 200, 1024])('agrees with @noble/hashes for a %i-byte key, message after message', (length) => {
    const key = new Uint8Array(length).map((_, i) => (i * 7 + length) & 0xff);
    const mac = prepare?.(key);
    for (const data of [...inputs, inputs[1] as Uint8Array, new Uint8Array(0)]) {
      const answer = mac?.(data);
      expect(answer === undefined ? undefined : Object.getPrototypeOf(answer)).toBe(Uint8Array.prototype);
      expect(answer).toEqual(nobleHashes.hmacSha256(key, data));
    }
  });

  it('keeps no reference to the key bytes it was given', () => {
    const key = new Uint8Array(32).fill(7);
    const mac = prepare?.(key);
    const before = mac?.(text('abc'));
    key.fill(0);
    expect(mac?.(text('abc'))).toEqual(before);
  });
});

describe('preparedHmacSha256', () => {
  const withCopy = (copy: (hash: nodeCrypto.Hash) => unknown): Parameters<typeof preparedHmacSha256>[0] => ({
    createHmac: nodeCrypto.createHmac,
    createHash: ((algorithm: string) => {
      const hash = nodeCrypto.createHash(algorithm);
      return Object.assign(hash, { copy: () => copy(hash) });
    }) as typeof nodeCrypto.createHash,
  });
  const runtimes: [string, Parameters<typeof preparedHmacSha256>[0]][] = [
    ['Hash without copy()', withCopy(() => undefined)],
    [
      'a copy() that throws',
      withCopy(() => {
        throw new Error('unsupported');
      }),
    ],
    ['a copy() that starts a fresh hash', withCopy(() => nodeCrypto.createHash('sha256'))],
  ];

  it.each(runtimes)('%s: not offered (createHmac is used per message)', (_name, crypto) => {
    expect(preparedHmacSha256(crypto)).toBeUndefined();
  });

  it('with a working copy(): the right MAC', () => {
    const key = new Uint8Array(32).map((_, i) => i);
    expect(preparedHmacSha256(nodeCrypto)?.(key)(text('abc'))).toEqual(nobleHashes.hmacSha256(key, text('abc')));
  });
});
