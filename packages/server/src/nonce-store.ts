/**
 * The replay store contract (docs/spec.md §9 step 13; docs/replay.md).
 */

/** One nonce to check and remember. */
export interface NonceEntry {
  /** The store key: key id and nonce (the verifier builds it; opaque to the store). */
  readonly key: string;
  /** Unix seconds from which the entry may be forgotten (the signature can no longer be accepted). */
  readonly expiresAt: number;
  /** The verifier's clock, Unix seconds (stores compute time-to-live from it, not from their own clock). */
  readonly now: number;
}

/**
 * Remembers nonces until the signature that carried them could no longer be accepted.
 * Implementations must check and record in one atomic step.
 */
export interface NonceStore {
  /**
   * Records `entry.key` unless it is already a live entry.
   *
   * @param entry - the key, its expiry and the current time.
   * @returns `true` when the key was new (and is now recorded), `false` when it is a replay, or when
   * it cannot be proven new: `expiresAt` is not after `now`, or an entry with that expiry may already
   * have been forgotten (purged by a call whose `now` was later). Verifiers sharing a store must use
   * the same window (docs/replay.md).
   * @throws VerificationError NONCE_STORE_FULL when the store cannot record it without forgetting a
   * live entry; NONCE_STORE_UNAVAILABLE when it failed or did not answer in time. The verifier
   * refuses the request with any other error too (e.g. a lost Redis connection), as
   * NONCE_STORE_UNAVAILABLE (503) with the error as `cause`.
   */
  checkAndRemember(entry: NonceEntry): Promise<boolean>;
}

/**
 * The store key the verifier uses for a `(keyid, nonce)` pair (key ids and nonces hold no spaces).
 *
 * @param keyId - the key id.
 * @param nonce - the nonce.
 * @returns the store key.
 */
export function nonceStoreKey(keyId: string, nonce: string): string {
  return `${keyId} ${nonce}`;
}
