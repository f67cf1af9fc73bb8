// The Redis nonce store against a real redis-server (started by test/setup/redis-server.ts), with
// both supported clients. A missing redis-server fails these tests; it never skips them.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVerifier } from '../src/index.js';
import { createRedisNonceStore, type RedisLikeClient } from '../src/stores/redis.js';
import { NOW, ORIGIN, SECRET, sign } from './helpers.js';

const redisUrl = inject('redisUrl');
const redisError = inject('redisError');

interface ClientCase {
  name: string;
  open(): Promise<{ client: RedisLikeClient; ttl(key: string): Promise<number>; close(): Promise<void> }>;
}

const clients: ClientCase[] = [
  {
    name: 'ioredis',
    async open() {
      const client = new Redis(redisUrl, { lazyConnect: true });
      await client.connect();
      return { client, ttl: (key) => client.pttl(key), close: async () => void (await client.quit()) };
    },
  },
  {
    name: 'redis (node-redis)',
    async open() {
      const client = createClient({ url: redisUrl });
      await client.connect();
      return { client, ttl: (key) => client.pTTL(key), close: async () => void (await client.quit()) };
    },
  },
];

describe.each(clients)('Redis nonce store with $name', ({ name, open }) => {
  let opened: Awaited<ReturnType<ClientCase['open']>>;

  beforeAll(async () => {
    if (redisError !== '') throw new Error(redisError);
    opened = await open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('SET NX PX: new → true, live → false, with the TTL of the replay window', async () => {
    const store = createRedisNonceStore({ client: opened.client, prefix: `t:${name}:` });
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: NOW + 301, now: NOW })).toBe(true);
    expect(await store.checkAndRemember({ key: 'k n1', expiresAt: NOW + 301, now: NOW })).toBe(false);
    const ttl = await opened.ttl(`t:${name}:k n1`);
    // The window (301 s from now) plus a 2 s margin for the command's travel.
    expect(ttl).toBeGreaterThan(302_000);
    expect(ttl).toBeLessThanOrEqual(303_000);
  });

  it('leaves forgetting to Redis: the entry expires 2 s after its window, not later', async () => {
    const store = createRedisNonceStore({ client: opened.client, prefix: `t2:${name}:` });
    expect(await store.checkAndRemember({ key: 'k n2', expiresAt: 1.05, now: 1 })).toBe(true);
    const ttl = await opened.ttl(`t2:${name}:k n2`);
    expect(ttl).toBeGreaterThan(1_900);
    expect(ttl).toBeLessThanOrEqual(2_100);
  });

  it("still finds the entry when a replay verified in the window's last second reaches Redis just after it", async () => {
    const store = createRedisNonceStore({ client: opened.client, prefix: `t6:${name}:` });
    // The original at a whole second; the window ends 1 s later.
    expect(await store.checkAndRemember({ key: 'k n6', expiresAt: 1, now: 0 })).toBe(true);
    await new Promise((r) => setTimeout(r, 1_050)); // the replay's SET arrives after the window
    expect(await store.checkAndRemember({ key: 'k n6', expiresAt: 1, now: 0.99 })).toBe(false);
  });

  it('refuses (false) an entry whose window is already over, without writing it', async () => {
    const store = createRedisNonceStore({ client: opened.client, prefix: `t5:${name}:` });
    expect(await store.checkAndRemember({ key: 'k n5', expiresAt: NOW, now: NOW })).toBe(false);
    expect(await opened.ttl(`t5:${name}:k n5`)).toBe(-2);
  });

  it('is atomic under concurrent checks of one nonce: exactly one wins', async () => {
    const store = createRedisNonceStore({ client: opened.client, prefix: `t3:${name}:` });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => store.checkAndRemember({ key: 'k race', expiresAt: NOW + 60, now: NOW })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('backs a verifier: a replayed request is NONCE_REPLAYED, a forged one stores nothing', async () => {
    const prefix = `t4:${name}:`;
    const verifier = createVerifier({
      keys: { 'client-1': SECRET },
      publicOrigin: ORIGIN,
      now: () => NOW,
      nonceStore: createRedisNonceStore({ client: opened.client, prefix }),
    });
    const parts = sign({ body: '{"a":1}' });
    const make = (): Request => new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
    await verifier.verify(make());
    await expect(verifier.verify(make())).rejects.toMatchObject({ code: 'NONCE_REPLAYED' });
    const forged = sign({ secret: { hex: 'ee'.repeat(32) }, nonce: 'FORGEDFORGEDFORGEDFORGED' });
    await expect(verifier.verify(new Request(forged.url, { method: 'POST', headers: forged.headers }))).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    expect(await opened.ttl(`${prefix}client-1 FORGEDFORGEDFORGEDFORGED`)).toBe(-2);
  });
});

describe('Redis store configuration', () => {
  it('refuses a client without call/sendCommand', () => {
    expect(() => createRedisNonceStore({ client: {} as never })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});
