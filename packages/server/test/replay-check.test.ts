import { VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from '../src/memory-nonce-store.js';
import type { NonceEntry, NonceStore } from '../src/nonce-store.js';
import { recordNonce } from '../src/replay-check.js';

const NOW = 1_700_000_000;

describe('recordNonce: a request is accepted only once its nonce is recorded (docs/spec.md §9 step 13)', () => {
  it('records a new nonce until one second after the window ends', async () => {
    const seen: NonceEntry[] = [];
    const store: NonceStore = {
      checkAndRemember: async (entry) => {
        seen.push(entry);
        return true;
      },
    };
    await recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW);
    expect(seen).toEqual([{ key: expect.stringContaining('n-1'), expiresAt: NOW + 301, now: NOW }]);
  });

  it('refuses a replay within the window with NONCE_REPLAYED', async () => {
    const store = createMemoryNonceStore();
    await recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW);
    await expect(recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW + 1)).rejects.toMatchObject({ code: 'NONCE_REPLAYED', status: 401 });
  });

  it('keeps the pairs of different keys apart', async () => {
    const store = createMemoryNonceStore();
    await recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW);
    await expect(recordNonce(store, 'client-2', 'n-1', NOW + 300, NOW)).resolves.toBeUndefined();
  });

  it('turns a store that fails into NONCE_STORE_UNAVAILABLE (503), the failure as its cause', async () => {
    const lost = new Error('connection lost');
    const store: NonceStore = { checkAndRemember: () => Promise.reject(lost) };
    const error = await recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE', status: 503, cause: lost });
    expect((error as Error).message).not.toContain('connection lost');
  });

  it("passes a store's own Signwire error on unchanged (NONCE_STORE_FULL)", async () => {
    const full = new VerificationError('NONCE_STORE_FULL', 'the replay store is full');
    const store: NonceStore = { checkAndRemember: () => Promise.reject(full) };
    await expect(recordNonce(store, 'client-1', 'n-1', NOW + 300, NOW)).rejects.toBe(full);
  });
});
