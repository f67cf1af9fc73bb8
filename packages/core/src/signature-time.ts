/**
 * Step 7 of docs/spec.md §9: whether a signature's `created` and `expires` admit it now.
 */
import type { SignatureParameters } from './signature-params.js';
import { fail } from './verification-failure.js';
import type { ResolvedPolicy } from './verification-policy.js';

/**
 * Checks a signature's time against the verifier's clock. At exactly `created + maxAgeSeconds`, or
 * exactly `expires`, it is still accepted; the skew applies only to the future check.
 *
 * @param params - the checked signature parameters.
 * @param policy - the resolved policy (max age and clock skew).
 * @param now - the verifier's clock, Unix seconds.
 * @throws VerificationError SIGNATURE_FROM_FUTURE or SIGNATURE_EXPIRED.
 */
export function checkSignatureTime(params: SignatureParameters, policy: ResolvedPolicy, now: number): void {
  if (params.created > now + policy.clockSkewSeconds) {
    throw fail('SIGNATURE_FROM_FUTURE', 'created is further in the future than the allowed clock skew');
  }
  if (now > params.created + policy.maxAgeSeconds) throw fail('SIGNATURE_EXPIRED', 'the signature is older than the maximum age');
  if (params.expires !== undefined && now > params.expires) throw fail('SIGNATURE_EXPIRED', 'the signature has expired');
}

/**
 * Unix seconds until which a signature can be accepted: min(created + max age, expires).
 *
 * @param params - the checked signature parameters.
 * @param policy - the resolved policy.
 * @returns the end of the signature's acceptance window (and so of its nonce's replay window).
 */
export function acceptableUntil(params: SignatureParameters, policy: ResolvedPolicy): number {
  return Math.min(params.created + policy.maxAgeSeconds, params.expires ?? Number.POSITIVE_INFINITY);
}
