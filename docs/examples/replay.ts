// docs/replay.md — nonce stores.
import { createMemoryNonceStore, createVerifier } from '@signwire/server';
import { createRedisNonceStore } from '@signwire/server/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const keys = { 'client-1': { base64: process.env.SIGNWIRE_SECRET ?? '' } };

/** One process: the bounded in-memory store (the default, 100 000 entries). */
const memory = createMemoryNonceStore({ maxEntries: 150_000 });
export const single = createVerifier({ keys, publicOrigin: 'https://api.example.com', nonceStore: memory });
setInterval(() => console.log('nonce store', memory.size, '/', memory.maxEntries), 60_000).unref();

/** A fleet: Redis with ioredis. */
export const withIoredis = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379'), prefix: 'signwire:nonce:' }),
});

/** A fleet: Redis with node-redis v4/v5. */
const nodeRedis = await createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' }).connect();
export const withNodeRedis = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: nodeRedis }),
});
