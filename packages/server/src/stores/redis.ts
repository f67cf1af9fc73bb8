/**
 * `@signwire/server/redis`: a nonce store shared by a fleet, with one atomic
 * `SET key 1 NX PX <ms>` per check. Works with `ioredis` clients and clusters and with `redis`
 * (node-redis v4/v5) clients and clusters. A check that fails or does not answer within
 * `timeoutMs` refuses the request (NONCE_STORE_UNAVAILABLE): never accepted unrecorded.
 *
 * @module @signwire/server/redis
 */
import { ConfigurationError, VerificationError } from '@signwire/core';
import type { NonceEntry, NonceStore } from '../nonce-store.js';

/** How much longer than its window an entry is kept (see checkAndRemember). */
const TTL_MARGIN_MS = 2000;

/** How long a check waits for Redis by default before the request is refused. */
const DEFAULT_TIMEOUT_MS = 1000;

/** The longest `timeoutMs` accepted: past a minute a refusal is no longer an answer. */
const MAX_TIMEOUT_MS = 60_000;

/** The one method of an `ioredis` client or `Cluster` the store uses. */
export interface IoRedisLikeClient {
  /** ioredis: send any command (a `Cluster` routes it by its key). */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** The one method of a `redis` (node-redis v4/v5) client the store uses. */
export interface NodeRedisLikeClient {
  /** node-redis: send any command as an argument array. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** The methods of a `redis` (node-redis v4/v5) cluster, from `createCluster`, the store uses. */
export interface NodeRedisClusterLikeClient {
  /** node-redis cluster: send a command to the master that owns `firstKey`'s slot. */
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** Only clusters have it: tells a cluster from a single client (whose `sendCommand` differs). */
  getMasters(): unknown;
}

/**
 * A Redis client: `ioredis` (`call`; a client or a `Cluster`), or `redis` / node-redis
 * (`sendCommand`; a client, or a cluster from `createCluster`).
 */
export type RedisLikeClient = IoRedisLikeClient | NodeRedisLikeClient | NodeRedisClusterLikeClient;

/** Options of {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /**
   * A client or cluster. The store never connects, quits or configures it; give it the options of
   * docs/replay.md (an `error` listener, no offline queue) so that it fails fast while Redis is down.
   */
  readonly client: RedisLikeClient;
  /** Key prefix (default `signwire:nonce:`), e.g. to share one Redis between services. */
  readonly prefix?: string | undefined;
  /**
   * How long a check waits for Redis, in milliseconds (default 1000, at most 60 000). A check that
   * has no answer by then refuses the request with NONCE_STORE_UNAVAILABLE (503), whatever the
   * client does meanwhile (queue the command while it reconnects, retry it): a request never waits
   * longer than this for Redis.
   */
  readonly timeoutMs?: number | undefined;
}

type Send = (args: string[]) => Promise<unknown>;

function toSend(client: RedisLikeClient): Send {
  if (typeof (client as IoRedisLikeClient).call === 'function') {
    const io = client as IoRedisLikeClient;
    return ([command, ...args]) => io.call(command as string, ...args);
  }
  if (typeof (client as NodeRedisLikeClient).sendCommand === 'function') {
    if (typeof (client as NodeRedisClusterLikeClient).getMasters === 'function') {
      const cluster = client as NodeRedisClusterLikeClient;
      // The key (args[1]) picks the slot, so the master that owns it.
      return (args) => cluster.sendCommand(args[1], false, args);
    }
    const node = client as NodeRedisLikeClient;
    return (args) => node.sendCommand(args);
  }
  throw new ConfigurationError(
    'CONFIGURATION_INVALID',
    'client must be an ioredis client or Cluster (call) or a node-redis client or cluster (sendCommand)',
  );
}

function toTimeoutMs(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new ConfigurationError('CONFIGURATION_INVALID', `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

/** The refusal of a check that Redis did not complete. The cause may name hosts: it stays out of the message. */
function unavailable(what: string, cause?: unknown): VerificationError {
  return new VerificationError(
    'NONCE_STORE_UNAVAILABLE',
    `the Redis replay store could not record the nonce (${what}); try again with a new signature`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Sends one command and settles within `timeoutMs`: with the reply, with NONCE_STORE_UNAVAILABLE
 * for the client's error, or with NONCE_STORE_UNAVAILABLE when the time is up. A command still
 * queued in the client then may yet run: that only records a nonce whose request was refused.
 */
function sendWithin(send: Send, args: string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(unavailable(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let sent: Promise<unknown>;
    try {
      sent = send(args);
    } catch (error) {
      sent = Promise.reject(error);
    }
    Promise.resolve(sent).then(
      (reply) => {
        clearTimeout(timer);
        resolve(reply);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(unavailable('the command failed', error));
      },
    );
  });
}

/**
 * Creates a Redis nonce store. Each check is a single `SET <prefix><keyid> <nonce> 1 NX PX <ms>`:
 * atomic across every server sharing the Redis (on a cluster, the key's master); the entry
 * expires when the signature could no longer be accepted. A check that fails or has no answer
 * within `timeoutMs` refuses the request with NONCE_STORE_UNAVAILABLE (fail closed).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }).on('error', log);
 * const verifier = createVerifier({ keys, publicOrigin, nonceStore: createRedisNonceStore({ client }) });
 * ```
 * @param options - the client, key prefix and time bound.
 * @returns the store.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing or unsupported client, a prefix
 * that is not a string or a `timeoutMs` out of range.
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  if (options === null || typeof options !== 'object' || options.client === null || typeof options.client !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'a Redis client is required');
  }
  const send = toSend(options.client);
  const prefix = options.prefix ?? 'signwire:nonce:';
  if (typeof prefix !== 'string') throw new ConfigurationError('CONFIGURATION_INVALID', 'prefix must be a string');
  const timeoutMs = toTimeoutMs(options.timeoutMs);
  return {
    async checkAndRemember(entry: NonceEntry): Promise<boolean> {
      const ttlMs = Math.ceil((entry.expiresAt - entry.now) * 1000);
      // A window already over cannot be proven new (it may have expired in Redis): fail closed.
      if (!(ttlMs > 0)) return false;
      // `now` is whole seconds, read before the command travelled; Redis counts the TTL from when it
      // runs the command. The margin keeps an entry until a replay verified in the window's last
      // second has surely arrived (the verifier also refuses one answered after the window closed).
      const keepMs = ttlMs + TTL_MARGIN_MS;
      const reply = await sendWithin(send, ['SET', `${prefix}${entry.key}`, '1', 'NX', 'PX', String(keepMs)], timeoutMs);
      if (reply === 'OK') return true;
      if (reply === null) return false;
      throw unavailable(`an unexpected reply to SET NX PX: ${typeof reply}`);
    },
  };
}
