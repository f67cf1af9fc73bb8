/**
 * Rejections for time (SIGNATURE_EXPIRED, SIGNATURE_FROM_FUTURE) of requests that are otherwise
 * authentic: the server may sign its answer to them (docs/spec.md §15.3), so the pipeline remembers
 * the parsed signature and the key. Only a request whose MAC verified with a known, currently valid
 * key that its `confirm` hook accepted (an issued key not revoked, §16.5 step 6) is remembered: the
 * server never signs its time for an unauthenticated party or for the holder of a revoked key.
 */
import { type HmacKey, type KeyRingEntry, type SignableRequest, VerificationError } from '@signwire/core';
import { type PendingVerification, parseSignature, verifyKeyWindow, verifyMac } from '@signwire/core/internal';
import type { Pipeline } from './pipeline.js';

/**
 * Whether a failure is a rejection for the request's time.
 *
 * @param error - anything caught.
 * @returns true for SIGNATURE_EXPIRED and SIGNATURE_FROM_FUTURE.
 */
export function isTimeRejection(error: unknown): error is VerificationError {
  return error instanceof VerificationError && (error.code === 'SIGNATURE_EXPIRED' || error.code === 'SIGNATURE_FROM_FUTURE');
}

/**
 * Re-parses a signature refused for its time without the time window (§9 steps 3–8 again), looks
 * its key up (step 9), verifies its MAC and digest (steps 10–12), then runs the key's `confirm`
 * (revocation). Only a request that passes all of them is remembered as deserving a signed error
 * response; the rejection itself is unchanged.
 *
 * @param error - the time rejection.
 * @param request - the request as the pipeline saw it.
 * @param body - its body bytes.
 * @param pipeline - the pipeline.
 */
export async function noteTimeRejection(
  error: VerificationError,
  request: SignableRequest,
  body: Uint8Array,
  pipeline: Pipeline,
): Promise<void> {
  try {
    const now = Math.floor(pipeline.now());
    const pending = parseSignature(request, body, pipeline.policy, now, { checkTime: false, cache: pipeline.cache });
    const entry = await pipeline.lookupKey(pending.params.keyid);
    const key = verifyKeyWindow(entry, pending.params.keyid, now);
    verifyMac(pending, key, pipeline.hashes, pipeline.cache);
    await entry?.confirm?.();
    pipeline.onTimeRejection(error, { pending, key });
  } catch {
    // Anything else wrong with the request, a revoked key, or a revocation store that failed: the
    // rejection stays unsigned.
  }
}

/**
 * SIGNATURE_EXPIRED for a window that closed while the verifier waited (a key lookup, the revocation
 * check, the replay store). The MAC verified, so it is noted like any time rejection of an authentic
 * request, once the key is confirmed: the answer may be signed.
 *
 * @param what - what the verifier waited for, for the message ("its key was looked up").
 * @param pending - the parsed signature.
 * @param key - the key its MAC verified with.
 * @param pipeline - the pipeline.
 * @param unconfirmed - the key's entry when its `confirm` has not run yet: it runs now, and a key it
 * refuses (or a hook that fails) leaves the rejection unsigned.
 * @returns the error to throw.
 */
export async function expiredWhileWaiting(
  what: string,
  pending: PendingVerification,
  key: HmacKey,
  pipeline: Pipeline,
  unconfirmed?: KeyRingEntry,
): Promise<VerificationError> {
  const expired = new VerificationError('SIGNATURE_EXPIRED', `the signature expired while ${what}`);
  try {
    await unconfirmed?.confirm?.();
    pipeline.onTimeRejection(expired, { pending, key });
  } catch {
    // A revoked key or a failed revocation check: the rejection stays unsigned.
  }
  return expired;
}
