/**
 * Rejections for time (SIGNATURE_EXPIRED, SIGNATURE_FROM_FUTURE) of requests that are otherwise
 * authentic: the server may sign its answer to them (docs/spec.md §15.3), so the pipeline remembers
 * the parsed signature and the key. Nothing else is remembered: the server never signs its time for
 * an unauthenticated party.
 */
import { type HmacKey, type SignableRequest, VerificationError } from '@signwire/core';
import { type PendingVerification, parseSignature, verifyKeyWindow } from '@signwire/core/internal';
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
 * Re-parses a signature refused for its time without the time window (§9 steps 3–8 again), then
 * looks its key up (step 9). Only a request that passes both is remembered as possibly deserving a
 * signed error response; its MAC is checked later, when the response is signed.
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
    const key = verifyKeyWindow(await pipeline.lookupKey(pending.params.keyid), pending.params.keyid, now);
    pipeline.onTimeRejection(error, { pending, key });
  } catch {
    // Anything else wrong with the request: the rejection stays unsigned.
  }
}

/**
 * SIGNATURE_EXPIRED for a window that closed while the verifier waited (a key lookup, the replay
 * store). The MAC verified, so it is noted like any time rejection of an authentic request: the
 * answer may be signed.
 *
 * @param what - what the verifier waited for, for the message ("its key was looked up").
 * @param pending - the parsed signature.
 * @param key - the key its MAC verified with.
 * @param pipeline - the pipeline.
 * @returns the error to throw.
 */
export function expiredWhileWaiting(what: string, pending: PendingVerification, key: HmacKey, pipeline: Pipeline): VerificationError {
  const expired = new VerificationError('SIGNATURE_EXPIRED', `the signature expired while ${what}`);
  pipeline.onTimeRejection(expired, { pending, key });
  return expired;
}
