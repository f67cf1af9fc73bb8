/**
 * `@signwire/server/redis`: a nonce store shared by a fleet, with one atomic
 * `SET key 1 NX PX <ms>` per check. Works with `ioredis` and `redis` (node-redis v4/v5) clients.
 *
 * @module @signwire/server/redis
 */
import { ConfigurationError } from '@signwire/core';
import type { NonceEntry, NonceStore } from '../nonce-store.js';

/** How much longer than its window an entry is kept (see checkAndRemember). */
const TTL_MARGIN_MS = 2000;

/** The one method of an `ioredis` client the store uses. */
export interface IoRedisLikeClient {
  /** ioredis: send any command. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** The one method of a `redis` (node-redis v4/v5) client the store uses. */
export interface NodeRedisLikeClient {
  /** node-redis: send any command as an argument array. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** A Redis client: `ioredis` (`call`) or `redis` / node-redis (`sendCommand`). */
export type RedisLikeClient = IoRedisLikeClient | NodeRedisLikeClient;

/** Options of {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /** A connected client. The store never connects, quits or configures it. */
  readonly client: RedisLikeClient;
  /** Key prefix (default `signwire:nonce:`), e.g. to share one Redis between services. */
  readonly prefix?: string | undefined;
}

type Send = (args: string[]) => Promise<unknown>;

function toSend(client: RedisLikeClient): Send {
  if (typeof (client as IoRedisLikeClient).call === 'function') {
    const io = client as IoRedisLikeClient;
    return ([command, ...args]) => io.call(command as string, ...args);
  }
  if (typeof (client as NodeRedisLikeClient).sendCommand === 'function') {
    const node = client as NodeRedisLikeClient;
    return (args) => node.sendCommand(args);
  }
  throw new ConfigurationError('CONFIGURATION_INVALID', 'client must be an ioredis client (call) or a node-redis client (sendCommand)');
}

/**
 * Creates a Redis nonce store. Each check is a single `SET <prefix><keyid> <nonce> 1 NX PX <ms>`:
 * atomic across every server sharing the Redis; the entry expires when the signature could no
 * longer be accepted. A Redis error fails the request (fail closed).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const verifier = createVerifier({ keys, publicOrigin, nonceStore: createRedisNonceStore({ client: new Redis(url) }) });
 * ```
 * @param options - the client and key prefix.
 * @returns the store.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing or unsupported client.
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  if (options === null || typeof options !== 'object' || options.client === null || typeof options.client !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'a connected Redis client is required');
  }
  const send = toSend(options.client);
  const prefix = options.prefix ?? 'signwire:nonce:';
  if (typeof prefix !== 'string') throw new ConfigurationError('CONFIGURATION_INVALID', 'prefix must be a string');
  return {
    async checkAndRemember(entry: NonceEntry): Promise<boolean> {
      const ttlMs = Math.ceil((entry.expiresAt - entry.now) * 1000);
      // A window already over cannot be proven new (it may have expired in Redis): fail closed.
      if (!(ttlMs > 0)) return false;
      // `now` is whole seconds, read before the command travelled; Redis counts the TTL from when it
      // runs the command. The margin keeps an entry until a replay verified in the window's last
      // second has surely arrived (the verifier also refuses one answered after the window closed).
      const keepMs = ttlMs + TTL_MARGIN_MS;
      const reply = await send(['SET', `${prefix}${entry.key}`, '1', 'NX', 'PX', String(keepMs)]);
      if (reply === 'OK') return true;
      if (reply === null) return false;
      throw new Error(`unexpected reply from Redis SET NX PX: ${typeof reply}`);
    },
  };
}
