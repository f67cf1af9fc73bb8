/**
 * A bounded in-memory nonce store for a single process (docs/replay.md). It forgets entries once
 * the signature could no longer be accepted and fails closed when full of live entries.
 */
import { ConfigurationError, VerificationError } from '@signwire/core';
import { ExpiryHeap } from './expiry-heap.js';
import type { NonceEntry, NonceStore } from './nonce-store.js';

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * The most live entries kept (default 100 000). Size it as peak requests per second × the
   * replay window (max age + clock skew); see docs/replay.md.
   */
  readonly maxEntries?: number | undefined;
}

/** The in-memory store, with its current size for monitoring. */
export interface MemoryNonceStore extends NonceStore {
  /** The number of entries held (live, or expired but not yet purged). */
  readonly size: number;
  /** The configured bound. */
  readonly maxEntries: number;
}

/** The nonces that expire at one time. */
interface ExpiryGroup {
  readonly expiresAt: number;
  readonly keys: string[];
}

/**
 * The key as one string of its own. A key built from parsed header values (`nonceStoreKey(keyid,
 * nonce)`) is, in V8, a concatenation of two slices of the whole `Signature-Input` value, which an
 * entry would keep alive for the replay window: each entry would hold a whole header value instead
 * of its key (`node --expose-gc bench/nonce-store-memory.mjs` measures it). Reading a character
 * flattens the concatenation into a new string, and the header value can be collected.
 */
function flattened(key: string): string {
  key.charCodeAt(0);
  return key;
}

/** Default bound of the in-memory store. */
export const DEFAULT_MAX_NONCE_ENTRIES = 100_000;

/**
 * Creates a bounded in-memory nonce store.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ keys, publicOrigin, nonceStore: createMemoryNonceStore({ maxEntries: 50_000 }) });
 * ```
 * @param options - the bound.
 * @returns a store that throws NONCE_STORE_FULL (503) rather than evict a live nonce.
 * @throws ConfigurationError CONFIGURATION_INVALID when `maxEntries` is not a positive integer.
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): MemoryNonceStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_NONCE_ENTRIES;
  if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'maxEntries must be a positive integer');
  }
  // Each nonce costs one map entry and one array slot: the nonces are grouped by expiry time, and
  // the heap orders the groups (a few hundred), not the nonces. A heap item per nonce would add an
  // object per entry, for every major GC to mark, on a store that holds peak_rps × the replay
  // window entries for the life of the process.
  const entries = new Map<string, number>();
  const groups = new Map<number, ExpiryGroup>();
  const heap = new ExpiryHeap<ExpiryGroup>();
  // The latest expiry time purged. A call can carry an earlier `now` than one that purged before it
  // (a clock read before an awaited lookup, a clock stepped back): an absent key whose expiry is
  // not after this may have been forgotten, so it cannot be proven new. (The latest expiry purged,
  // not the latest `now` seen: one call with a clock wrongly far ahead does not block new nonces
  // after the correction. Requests verified while the clock was ahead, whose entries were then
  // purged, do: until real time passes their expiry, NONCE_REPLAYED. See docs/replay.md.)
  let forgottenUpTo = Number.NEGATIVE_INFINITY;

  const purge = (now: number): void => {
    for (let top = heap.peek(); top !== undefined && top.expiresAt <= now; top = heap.peek()) {
      heap.pop();
      groups.delete(top.expiresAt);
      forgottenUpTo = top.expiresAt; // the heap hands groups out in expiry order
      // A key is in one group only: it is remembered again only after its entry expired, and
      // every group that expired is purged before that check.
      for (const key of top.keys) entries.delete(key);
    }
  };

  const remember = (received: string, expiresAt: number): void => {
    const key = flattened(received);
    entries.set(key, expiresAt);
    let group = groups.get(expiresAt);
    if (group === undefined) {
      group = { expiresAt, keys: [] };
      groups.set(expiresAt, group);
      heap.push(group);
    }
    group.keys.push(key);
  };

  return {
    get size(): number {
      return entries.size;
    },
    maxEntries,
    checkAndRemember(entry: NonceEntry): Promise<boolean> {
      purge(entry.now);
      if (entries.has(entry.key)) return Promise.resolve(false);
      // A window already over, or one whose entry may have been purged: not provably new (fail closed).
      if (entry.expiresAt <= entry.now || entry.expiresAt <= forgottenUpTo) return Promise.resolve(false);
      if (entries.size >= maxEntries) {
        return Promise.reject(new VerificationError('NONCE_STORE_FULL', 'the replay store is full of live nonces; try again later'));
      }
      remember(entry.key, entry.expiresAt);
      return Promise.resolve(true);
    },
  };
}
