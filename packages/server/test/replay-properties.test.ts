// Replay properties, fuzzed: the memory store shared by
// verifiers with one policy, async key lookups resolved in random order, a clock that jumps back/forward by any amount and is fractional. Safety: a
// (keyid, nonce) is accepted at most once. Liveness (monotonic clock only): a never-seen request
// is refused only with SIGNATURE_EXPIRED / NONCE_STORE_FULL, never NONCE_REPLAYED.
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore, createVerifier } from '../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from './helpers.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toRequest = (p: ReturnType<typeof sign>): Request => new Request(p.url, { method: p.method, headers: p.headers, body: p.body });

async function run(seed: number, monotonic: boolean): Promise<void> {
  const r = rng(seed);
  let clock = NOW + r();
  const store = createMemoryNonceStore({ maxEntries: 1 + Math.floor(r() * 40) });
  const gates: (() => void)[] = [];
  const mk = (async: boolean) =>
    createVerifier({
      keys: async ? () => new Promise((res) => gates.push(() => res(SECRET))) : { 'client-1': SECRET },
      publicOrigin: ORIGIN,
      maxAgeSeconds: 5,
      clockSkewSeconds: 2,
      now: () => clock,
      nonceStore: store,
    });
  const verifiers = [mk(true), mk(true), mk(false)];
  const pool: { parts: ReturnType<typeof sign>; nonce: string }[] = [];
  const accepted = new Map<string, number>();
  const inflight: Promise<void>[] = [];
  const replayedRefusals = new Set<string>();
  const recorded = new Set<string>();
  let n = 0;
  for (let step = 0; step < 400; step++) {
    const x = r();
    if (x < 0.25) {
      if (monotonic) clock += r() * 2;
      else clock += (r() - 0.5) * (r() < 0.1 ? 40 : 6);
    } else if (x < 0.55) {
      const fresh = pool.length === 0 || r() < 0.5;
      let item: (typeof pool)[number];
      if (fresh) {
        const nonce = `n${String(n++).padStart(24, '0')}`;
        const created = Math.floor(clock) + Math.floor((r() - 0.7) * 8);
        const expires = r() < 0.3 ? created + 1 + Math.floor(r() * 6) : undefined;
        item = { parts: sign({ body: '{}', nonce, created, ...(expires === undefined ? {} : { expires }) }), nonce };
        pool.push(item);
      } else item = pool[Math.floor(r() * pool.length)] as (typeof pool)[number];
      const v = verifiers[Math.floor(r() * verifiers.length)] as (typeof verifiers)[number];
      inflight.push(
        v.verify(toRequest(item.parts)).then(
          () => accepted.set(item.nonce, (accepted.get(item.nonce) ?? 0) + 1) && undefined,
          (e: { code?: string; message?: string }) => {
            if (e.code === 'NONCE_REPLAYED') replayedRefusals.add(item.nonce);
            if (e.code === 'SIGNATURE_EXPIRED' && e.message?.includes('recorded')) recorded.add(item.nonce);
          },
        ),
      );
    } else if (gates.length > 0) {
      const i = Math.floor(r() * gates.length);
      gates.splice(i, 1)[0]?.();
    }
    await new Promise((res) => setImmediate(res));
  }
  while (gates.length > 0) {
    gates.splice(Math.floor(r() * gates.length), 1)[0]?.();
    await new Promise((res) => setImmediate(res));
  }
  await Promise.all(inflight);
  if (monotonic)
    for (const nonce of replayedRefusals)
      if (!accepted.has(nonce) && !recorded.has(nonce)) throw new Error(`never-accepted nonce refused as replay seed=${seed} ${nonce}`);
  for (const [nonce, count] of accepted) if (count > 1) throw new Error(`replay accepted seed=${seed} ${nonce} x${count}`);
}

describe('fuzz: memory store + verifiers, async lookups, clocks', () => {
  it('never accepts a nonce twice (any clock)', async () => {
    for (let seed = 1; seed <= 150; seed++) await run(seed, false);
  }, 120_000);
  it('never refuses a fresh request as NONCE_REPLAYED (monotonic clock)', async () => {
    for (let seed = 1000; seed <= 1150; seed++) await run(seed, true);
  }, 120_000);
  it('store-level: no key true twice, vs any sequence of (key, X, now)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const store = createMemoryNonceStore({ maxEntries: 1 + Math.floor(r() * 10) });
      const xOf = new Map<string, number>();
      const trues = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const k = `k ${Math.floor(r() * 30)}`;
        if (!xOf.has(k)) xOf.set(k, 100 + Math.floor(r() * 50));
        const now = 100 + (r() < 0.5 ? Math.floor(r() * 60) : r() * 60);
        const ok = await store.checkAndRemember({ key: k, expiresAt: xOf.get(k) as number, now }).catch(() => false);
        if (ok) trues.set(k, (trues.get(k) ?? 0) + 1);
        expect(store.size).toBeLessThanOrEqual(store.maxEntries);
      }
      for (const [k, c] of trues) expect(c, `seed ${seed} ${k}`).toBe(1);
    }
  });
});
