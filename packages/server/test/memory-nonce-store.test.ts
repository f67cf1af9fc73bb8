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

  it('purges many nonces that share an expiry time together, and only those whose time has come', async () => {
    const store = createMemoryNonceStore({ maxEntries: 1000 });
    // 300 nonces over 10 expiry times, interleaved as concurrent requests arrive.
    for (let i = 0; i < 300; i++) expect(await store.checkAndRemember({ key: `n${i}`, expiresAt: 2000 + (i % 10), now: 1000 })).toBe(true);
    expect(store.size).toBe(300);
    expect(await store.checkAndRemember({ key: 'probe', expiresAt: 9000, now: 2004 })).toBe(true); // times 2000-2004 are over
    expect(store.size).toBe(151);
    for (let i = 0; i < 10; i++) {
      // Expired ones are new again; live ones are still replays.
      expect(await store.checkAndRemember({ key: `n${i}`, expiresAt: 3000, now: 2004 })).toBe(i % 10 < 5);
    }
    expect(store.size).toBe(156);
    expect(await store.checkAndRemember({ key: 'n5', expiresAt: 9000, now: 2999 })).toBe(true); // all of the first 300 expired
    expect(store.size).toBe(7); // probe, n0-n4 (until 3000) and n5
  });

  it('a nonce purged by a call with a later `now` is still a replay for a call with an earlier `now`', async () => {
    const store = createMemoryNonceStore({ maxEntries: 10 });
    expect(await store.checkAndRemember({ key: 'client-1 n1', expiresAt: 111, now: 100 })).toBe(true);
    expect(await store.checkAndRemember({ key: 'client-1 n2', expiresAt: 500, now: 111 })).toBe(true); // purges n1
    expect(await store.checkAndRemember({ key: 'client-1 n1', expiresAt: 111, now: 110 })).toBe(false);
    // Never seen, but an entry with its expiry was forgotten: it cannot be proven new.
    expect(await store.checkAndRemember({ key: 'client-1 n3', expiresAt: 111, now: 110 })).toBe(false);
    expect(await store.checkAndRemember({ key: 'client-1 n3', expiresAt: 112, now: 110 })).toBe(true);
    expect(store.size).toBe(2);
  });

  it('accepts new nonces again within a window after a clock wrongly far ahead is corrected', async () => {
    const store = createMemoryNonceStore({ maxEntries: 10 });
    expect(await store.checkAndRemember({ key: 'k a', expiresAt: 500, now: 100 })).toBe(true);
    const YEAR = 365 * 24 * 3600;
    expect(await store.checkAndRemember({ key: 'k b', expiresAt: 100 + YEAR + 400, now: 100 + YEAR })).toBe(true); // purges a
    // Corrected: a new nonce is accepted; the forgotten one is still refused until after its expiry.
    expect(await store.checkAndRemember({ key: 'k c', expiresAt: 501, now: 200 })).toBe(true);
    expect(await store.checkAndRemember({ key: 'k a', expiresAt: 500, now: 200 })).toBe(false);
  });

  it('refuses (false) and does not record an entry whose window is already over', async () => {
    const store = createMemoryNonceStore({ maxEntries: 10 });
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: 100, now: 100 })).toBe(false);
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: 90, now: 100 })).toBe(false);
    expect(store.size).toBe(0);
  });
});
