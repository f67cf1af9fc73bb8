// docs/replay.md — nonce stores.
import { createMemoryNonceStore, createVerifier } from '@signwire/server';
import { createRedisNonceStore } from '@signwire/server/redis';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';

const keys = { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } };

/** One process: the bounded in-memory store (the default, 100 000 entries). */
const memory = createMemoryNonceStore({ maxEntries: 150_000 });
export const single = createVerifier({ keys, publicOrigin: 'https://api.example.com', nonceStore: memory });
setInterval(() => console.log('nonce store', memory.size, '/', memory.maxEntries), 60_000).unref();

const url = process.env.REDIS_URL ?? 'redis://localhost:6379';
const clusterNodes = (process.env.REDIS_CLUSTER_NODES ?? 'localhost:7000,localhost:7001,localhost:7002').split(',');
const logRedisError = (error: Error): void => console.warn('redis:', error.message);

/**
 * A fleet: Redis with ioredis. No offline queue: while disconnected a check fails at once (503)
 * instead of waiting; a command in flight when the connection drops fails after one reconnection
 * attempt. It reconnects by itself (the default retryStrategy).
 */
const ioredis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
ioredis.on('error', logRedisError);
export const withIoredis = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: ioredis, prefix: 'signwire:nonce:', timeoutMs: 1000 }),
});

/** A fleet: Redis Cluster with ioredis. */
const ioredisCluster = new Cluster(
  clusterNodes.map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })),
  { enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 1000 } },
);
ioredisCluster.on('error', logRedisError);
export const withIoredisCluster = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: ioredisCluster }),
});

/**
 * A fleet: Redis with node-redis v4/v5. The `error` listener is required: without one the process
 * exits when Redis goes away.
 */
const nodeRedisOptions = {
  disableOfflineQueue: true,
  socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(retries * 50, 500) },
};
const nodeRedis = createClient({ url, ...nodeRedisOptions });
nodeRedis.on('error', logRedisError);
await nodeRedis.connect();
export const withNodeRedis = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: nodeRedis }),
});

/** A fleet: Redis Cluster with node-redis (`createCluster`): the same options for every node. */
const nodeRedisCluster = createCluster({ rootNodes: clusterNodes.map((node) => ({ url: `redis://${node}` })), defaults: nodeRedisOptions });
nodeRedisCluster.on('error', logRedisError);
await nodeRedisCluster.connect();
export const withNodeRedisCluster = createVerifier({
  keys,
  publicOrigin: 'https://api.example.com',
  nonceStore: createRedisNonceStore({ client: nodeRedisCluster }),
});
