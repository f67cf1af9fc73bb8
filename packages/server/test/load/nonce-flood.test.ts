// Load check (not a timing test): 10 000 signed requests with distinct nonces through a verifier
// whose in-memory store is bounded at 2 000 entries. The store never grows past its bound; once
// full of live nonces it refuses with NONCE_STORE_FULL; when time moves past the replay window
// it accepts again. Sizes are asserted, not durations.
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore, createVerifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';

describe('nonce flood', () => {
  it('keeps the memory store within its bound under 10k distinct nonces', async () => {
    const nonceStore = createMemoryNonceStore({ maxEntries: 2_000 });
    let now = NOW;
    const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, nonceStore, now: () => now, maxAgeSeconds: 10 });
    const outcomes = { ok: 0, full: 0 };
    let maxSize = 0;
    for (let i = 0; i < 10_000; i++) {
      now = NOW + Math.floor(i / 1000); // 1000 requests per second, 10 s replay window
      const parts = sign({ method: 'GET', created: now });
      try {
        await verifier.verify(new Request(parts.url, { headers: parts.headers }));
        outcomes.ok++;
      } catch (error) {
        expect(error).toMatchObject({ code: 'NONCE_STORE_FULL' });
        outcomes.full++;
      }
      maxSize = Math.max(maxSize, nonceStore.size);
    }
    expect(maxSize).toBeLessThanOrEqual(2_000);
    expect(outcomes.full).toBeGreaterThan(0);
    expect(outcomes.ok + outcomes.full).toBe(10_000);
    now += 20;
    const parts = sign({ method: 'GET', created: now });
    await verifier.verify(new Request(parts.url, { headers: parts.headers }));
    expect(nonceStore.size).toBe(1);
  });
});
