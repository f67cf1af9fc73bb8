/**
 * What the client tells the application about a signed time rejection it could learn its clock from
 * (docs/spec.md §15.3).
 */
import type { ClockDecision, ClockLimits, ClockSample } from '@signwire/core/internal';
import { decideClockOffset } from '@signwire/core/internal';

/**
 * What the client learnt from one signed SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE rejection and what
 * it did with it, as passed to `verifySignedResponses({ onClockSample })`.
 */
export interface ClockSampleReport extends ClockDecision {
  /** The rejection's code. */
  readonly code: 'SIGNATURE_EXPIRED' | 'SIGNATURE_FROM_FUTURE';
  /** The server's signed time, whole Unix seconds. */
  readonly created: number;
  /** The local clock (`now`) when the signed request was handed to `fetch`, milliseconds. */
  readonly sentAt: number;
  /** The local clock when the response arrived, milliseconds. */
  readonly receivedAt: number;
  /** The offset the request was signed with, seconds. */
  readonly previousOffsetSeconds: number;
}

/**
 * Decides what a time rejection does to the clock offset and tells `onClockSample`, whose exceptions
 * are ignored: the report is for the application's logs and cannot change the decision.
 *
 * @param code - the rejection's code.
 * @param sample - the verified rejection, timed with the local clock.
 * @param limits - the round-trip limit and the offset clamp.
 * @param onClockSample - the application's callback, if any.
 * @returns the report; the caller applies `offsetSeconds` and retries when `outcome` is `corrected`.
 */
export function judgeClockSample(
  code: ClockSampleReport['code'],
  sample: ClockSample,
  limits: ClockLimits,
  onClockSample: ((report: ClockSampleReport) => void) | undefined,
): ClockSampleReport {
  const { created, sentAt, receivedAt, offsetSeconds: previousOffsetSeconds } = sample;
  const report: ClockSampleReport = { code, created, sentAt, receivedAt, previousOffsetSeconds, ...decideClockOffset(sample, limits) };
  try {
    onClockSample?.(report);
  } catch {
    // ignored, as documented
  }
  return report;
}
