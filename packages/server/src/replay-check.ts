/**
 * The replay check (docs/spec.md §9 step 13): the (key id, nonce) pair is recorded in the replay
 * store only after every other check passed, and a request is never accepted unless it was.
 */
import { isSignwireError, VerificationError } from '@signwire/core';
import { type NonceStore, nonceStoreKey } from './nonce-store.js';

/**
 * What a failing replay store throws to the caller: its own Signwire error as it is
 * (NONCE_STORE_FULL, a store's NONCE_STORE_UNAVAILABLE), anything else (a lost connection, a
 * timeout, a bug) as NONCE_STORE_UNAVAILABLE (503) with the failure as `cause`.
 */
function storeFailure(failure: unknown): unknown {
  if (isSignwireError(failure)) return failure;
  return new VerificationError(
    'NONCE_STORE_UNAVAILABLE',
    'the replay store could not record the nonce (it failed or did not answer); try again with a new signature',
    { cause: failure },
  );
}

/**
 * Records a verified request's nonce until its replay window has passed.
 *
 * @param store - the replay store.
 * @param keyId - the request's key id.
 * @param nonce - its nonce.
 * @param replayWindowEnd - the last second the signature is accepted, Unix seconds.
 * @param now - the verifier's clock, Unix seconds.
 * @throws VerificationError NONCE_REPLAYED when the pair was recorded before; the store's own
 * Signwire error, or NONCE_STORE_UNAVAILABLE, when it could not record it.
 */
export async function recordNonce(store: NonceStore, keyId: string, nonce: string, replayWindowEnd: number, now: number): Promise<void> {
  let fresh: boolean;
  try {
    fresh = await store.checkAndRemember({ key: nonceStoreKey(keyId, nonce), expiresAt: replayWindowEnd + 1, now });
  } catch (failure) {
    throw storeFailure(failure);
  }
  if (!fresh) throw new VerificationError('NONCE_REPLAYED', 'this nonce was already used');
}
