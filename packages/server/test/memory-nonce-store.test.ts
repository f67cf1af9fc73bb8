import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from '../src/index.js';

describe('memory nonce store', () => {
  it('remembers a nonce until it expires, then forgets it', async () => {
    const store = createMemoryNonceStore({ maxEntries: 10 });
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: 110, now: 100 })).toBe(true);
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: 120, now: 109 })).toBe(false);
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: 130, now: 110 })).toBe(true);
    expect(store.size).toBe(1);
  });

  it('fails closed when full of live entries and never evicts one', async () => {
    const store = createMemoryNonceStore({ maxEntries: 2 });
    await store.checkAndRemember({ key: 'a', expiresAt: 200, now: 100 });
    await store.checkAndRemember({ key: 'b', expiresAt: 150, now: 100 });
    await expect(store.checkAndRemember({ key: 'c', expiresAt: 200, now: 100 })).rejects.toMatchObject({
      code: 'NONCE_STORE_FULL',
      status: 503,
    });
    expect(await store.checkAndRemember({ key: 'a', expiresAt: 200, now: 120 })).toBe(false);
    expect(await store.checkAndRemember({ key: 'c', expiresAt: 300, now: 150 })).toBe(true);
    expect(await store.checkAndRemember({ key: 'a', expiresAt: 300, now: 150 })).toBe(false);
  });

  it('purges expired entries in expiry order, whatever the insertion order', async () => {
    const store = createMemoryNonceStore({ maxEntries: 100 });
    for (let i = 0; i < 100; i++) await store.checkAndRemember({ key: `n${i}`, expiresAt: 1000 + ((i * 37) % 100), now: 0 });
    await store.checkAndRemember({ key: 'probe', expiresAt: 5000, now: 1049 });
    expect(store.size).toBe(51);
  });
});
