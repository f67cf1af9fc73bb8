// The Redis nonce store against a real redis-server (started by test/setup/redis-server.ts), with
// both supported clients; its failures (no answer in time, a failing client, a port with no Redis)
// with fake and real clients. A missing redis-server fails these tests; it never skips them.
// Redis Cluster, and Redis killed under load, are in e2e/test/redis-outage.test.ts.
import { createServer } from 'node:net';
import { VerificationError } from '@signwire/core';
import { type Cluster, Redis } from 'ioredis';
import { createClient, type createCluster } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, inject, it, vi } from 'vitest';
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
  it('accepts the client types of ioredis (Redis, Cluster) and node-redis (createClient, createCluster)', () => {
    expectTypeOf<Redis>().toExtend<RedisLikeClient>();
    expectTypeOf<Cluster>().toExtend<RedisLikeClient>();
    expectTypeOf<ReturnType<typeof createClient>>().toExtend<RedisLikeClient>();
    expectTypeOf<ReturnType<typeof createCluster>>().toExtend<RedisLikeClient>();
    expectTypeOf<{
      sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Promise<unknown>;
    }>().not.toExtend<RedisLikeClient>();
  });

  it('refuses a client without call/sendCommand', () => {
    expect(() => createRedisNonceStore({ client: {} as never })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it.each([0, -1, 1.5, 60_001, Number.NaN, '1000'])('refuses timeoutMs %s', (timeoutMs) => {
    const client = { call: () => Promise.resolve('OK') };
    expect(() => createRedisNonceStore({ client, timeoutMs: timeoutMs as number })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringMatching(/timeoutMs/) }),
    );
  });
});

const entry = { key: 'client-1 n', expiresAt: NOW + 301, now: NOW };

describe('Redis store when Redis fails (fake clients)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a command with no answer refuses with NONCE_STORE_UNAVAILABLE once timeoutMs is up, not before', async () => {
    vi.useFakeTimers();
    const store = createRedisNonceStore({ client: { call: () => new Promise<never>(() => undefined) }, timeoutMs: 250 });
    let outcome: unknown;
    store.checkAndRemember(entry).then(
      (value) => {
        outcome = value;
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    await vi.advanceTimersByTimeAsync(249);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(VerificationError);
    expect(outcome).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE', status: 503, message: expect.stringMatching(/within 250 ms/) });
  });

  it('waits 1000 ms by default', async () => {
    vi.useFakeTimers();
    const store = createRedisNonceStore({ client: { sendCommand: () => new Promise<never>(() => undefined) } });
    let outcome: unknown;
    store.checkAndRemember(entry).catch((error: unknown) => {
      outcome = error;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE' });
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:6379'))],
    [
      'throws',
      () => {
        throw new Error('connect ECONNREFUSED 10.9.8.7:6379');
      },
    ],
  ])('a client that %s refuses with NONCE_STORE_UNAVAILABLE, the error as cause and out of the message', async (_, call) => {
    const store = createRedisNonceStore({ client: { call } });
    const error = await store.checkAndRemember(entry).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE', cause: { message: expect.stringMatching(/ECONNREFUSED/) } });
    expect((error as Error).message).not.toMatch(/ECONNREFUSED|10\.9\.8\.7/);
  });

  it('an unexpected reply refuses with NONCE_STORE_UNAVAILABLE (never read as new)', async () => {
    const store = createRedisNonceStore({ client: { sendCommand: () => Promise.resolve(1) } });
    await expect(store.checkAndRemember(entry)).rejects.toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE' });
  });

  it('a node-redis cluster (createCluster) gets the key as firstKey, so the key picks the node', async () => {
    const sent: unknown[][] = [];
    const cluster = {
      sendCommand: (firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]) => {
        sent.push([firstKey, isReadonly, args]);
        return Promise.resolve('OK');
      },
      getMasters: () => [],
    };
    expect(await createRedisNonceStore({ client: cluster, prefix: 'p:' }).checkAndRemember(entry)).toBe(true);
    expect(sent).toEqual([['p:client-1 n', false, ['SET', 'p:client-1 n', '1', 'NX', 'PX', '303000']]]);
  });
});

describe.each(clients)('Redis store with $name when nothing listens on the port', ({ name }) => {
  it('refuses with NONCE_STORE_UNAVAILABLE within timeoutMs, whatever the client queues meanwhile', { timeout: 5_000 }, async () => {
    if (redisError !== '') throw new Error(redisError);
    const port = await closedPort();
    // Default client options: both queue commands while (re)connecting.
    const client =
      name === 'ioredis' ? new Redis(port, '127.0.0.1', { lazyConnect: true }) : createClient({ url: `redis://127.0.0.1:${port}` });
    const errors: unknown[] = [];
    client.on('error', (error: unknown) => errors.push(error));
    const connecting = client.connect().catch(() => undefined);
    try {
      const store = createRedisNonceStore({ client, timeoutMs: 300 });
      const settled = await Promise.allSettled([store.checkAndRemember(entry), store.checkAndRemember({ ...entry, key: 'client-1 m' })]);
      for (const result of settled) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE' });
      }
    } finally {
      if (name === 'ioredis') (client as Redis).disconnect();
      else await (client as ReturnType<typeof createClient>).destroy();
      await connecting;
    }
  });
});

/** A loopback port with nothing listening (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
