import { describe, expect, it } from 'vitest';
import { checkCoveredList, serializeComponentIdentifier } from './component-identifier.js';
import { SignwireError } from './errors.js';
import { nobleHashes } from './hash.js';
import { HmacKey, importSecret } from './secret.js';
import { cachedHmacSha256, checkReceivedCoveredList, createVerificationCache } from './verification-cache.js';

const bytes = (seed: number, length: number): Uint8Array => new Uint8Array(length).map((_, i) => (i * 31 + seed) & 0xff);
const names = (...list: string[]) => list.map((name) => ({ name }));

function outcome(run: () => unknown): unknown {
  try {
    return { result: run() };
  } catch (error) {
    return { error: error instanceof SignwireError ? [error.code, error.message] : String(error) };
  }
}

describe('cachedHmacSha256', () => {
  it('gives the plain HMAC, message after message, per key and per provider, with and without a cache', () => {
    const keys = [bytes(1, 32), bytes(2, 100)].map((keyBytes) => ({ keyBytes, key: importSecret(keyBytes) }));
    const plainOnly = { sha256: nobleHashes.sha256, hmacSha256: nobleHashes.hmacSha256 };
    for (const cache of [createVerificationCache(), undefined]) {
      for (const hashes of [nobleHashes, plainOnly, nobleHashes]) {
        for (const { keyBytes, key } of keys) {
          for (const length of [0, 1, 64, 300]) {
            const data = bytes(length, length);
            expect(cachedHmacSha256(key, hashes, data, cache)).toEqual(nobleHashes.hmacSha256(keyBytes, data));
          }
        }
      }
    }
  });

  it('prepares a key once per cache, and each cache separately (nothing is shared between verifiers)', () => {
    let prepared = 0;
    const counting = {
      ...nobleHashes,
      hmacSha256WithKey: (key: Uint8Array) => {
        prepared += 1;
        return nobleHashes.hmacSha256WithKey?.(key) ?? ((data: Uint8Array) => nobleHashes.hmacSha256(key, data));
      },
    };
    const key = importSecret(bytes(3, 32));
    const [a, b] = [createVerificationCache(), createVerificationCache()];
    for (let i = 0; i < 3; i++) cachedHmacSha256(key, counting, bytes(i, 10), a);
    expect(prepared).toBe(1);
    cachedHmacSha256(key, counting, bytes(0, 10), b);
    expect(prepared).toBe(2);
    cachedHmacSha256(key, counting, bytes(0, 10), undefined);
    expect(prepared).toBe(2);
  });

  it('refuses a key not made by importSecret', () => {
    const fake = Object.create(HmacKey.prototype) as HmacKey;
    expect(() => cachedHmacSha256(fake, nobleHashes, bytes(0, 4), createVerificationCache())).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
  });
});

describe('checkReceivedCoveredList', () => {
  const lists = [
    names('@method', '@authority', '@path', '@query', 'content-type', 'content-digest'),
    names('@method', '@path'),
    names('@method', '@method'),
    names('Content-Type'),
    names('@status'),
    names('@query-param'),
    [{ name: '@query-param', params: { name: 'q' } }, { name: '@method' }],
    names(...Array.from({ length: 33 }, (_, i) => `x-${i}`)),
    [],
  ];

  it('gives what checkCoveredList gives, or its error, the first time and every time after', () => {
    const cache = createVerificationCache();
    for (let round = 0; round < 3; round++) {
      for (const list of lists) {
        const expected = outcome(() => {
          const components = checkCoveredList(list);
          return { components, covered: components.map(serializeComponentIdentifier) };
        });
        expect(outcome(() => checkReceivedCoveredList(list, cache))).toEqual(expected);
        expect(outcome(() => checkReceivedCoveredList(list, undefined))).toEqual(expected);
      }
    }
  });

  it('shares remembered lists frozen within one cache, and only there', () => {
    const cache = createVerificationCache();
    const first = checkReceivedCoveredList(names('@method', '@path'), cache);
    expect(checkReceivedCoveredList(names('@method', '@path'), cache)).toBe(first);
    expect(Object.isFrozen(first.components) && Object.isFrozen(first.covered) && Object.isFrozen(first.components[0])).toBe(true);
    expect(checkReceivedCoveredList(names('@method', '@path'), createVerificationCache())).not.toBe(first);
    expect(checkReceivedCoveredList(names('@method', '@path'), undefined)).not.toBe(first);
  });

  it('answers a repeat of the last list from memory, and checks anything that differs from it in a name, a parameter or the length', () => {
    const cache = createVerificationCache();
    const last = checkReceivedCoveredList(names('@method', '@path', 'content-type'), cache);
    expect(cache.lastCoveredList).toBe(last);
    expect(checkReceivedCoveredList(names('@method', '@path', 'content-type'), cache)).toBe(last);
    const variants = [
      names('@method', '@path'),
      names('@method', '@path', 'content-type', 'content-digest'),
      names('@method', '@query', 'content-type'),
      names('@method', '@path', 'Content-Type'),
      names('@method', '@path', '@path'),
      [{ name: '@method' }, { name: '@path' }, { name: 'content-type', params: { key: 'a' } }],
      [{ name: '@method' }, { name: '@path', params: {} }, { name: 'content-type' }],
    ];
    for (const list of variants) {
      const expected = outcome(() => {
        const components = checkCoveredList(list);
        return { components, covered: components.map(serializeComponentIdentifier) };
      });
      checkReceivedCoveredList(names('@method', '@path', 'content-type'), cache); // make it the last list again
      expect(outcome(() => checkReceivedCoveredList(list, cache))).toEqual(expected);
    }
  });

  it('stays correct when more lists arrive than it keeps', () => {
    const cache = createVerificationCache();
    for (let i = 0; i < 500; i++) checkReceivedCoveredList(names('@method', `x-${i}`), cache);
    expect(cache.coveredLists.size).toBeLessThanOrEqual(64);
    expect(checkReceivedCoveredList(names('@method', 'x-499'), cache).covered).toEqual(['"@method"', '"x-499"']);
  });
});
