/**
 * The authenticated clock (docs/spec.md §15.3): what one signed time rejection tells a client about
 * its clock offset, and whether it may move it.
 *
 * The server read its clock somewhere between the moment the request left and the moment the answer
 * arrived, and rounded it down to a second, so the true offset (server time − local time) lies in
 * `[created − receivedAt, created + 1 − sentAt]`. A delay on the path widens that interval without
 * moving the server's time, so a sample is used only when its round trip is short, and then only
 * when it contradicts the current offset.
 */

/** The default {@link ClockLimits.maxRoundTripMilliseconds}: 5 s. */
export const DEFAULT_MAX_ROUND_TRIP_MILLISECONDS = 5000;
/** The largest {@link ClockLimits.maxRoundTripMilliseconds} a client may be configured with: 30 s. */
export const MAX_ROUND_TRIP_LIMIT_MILLISECONDS = 30_000;
/** The default {@link ClockLimits.maxClockOffsetSeconds}: one hour. */
export const DEFAULT_MAX_CLOCK_OFFSET_SECONDS = 3600;

/** One exchange that ended in a signed SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE, timed by the client. */
export interface ClockSample {
  /** The local clock when the signed request was handed to the network, milliseconds since the epoch. */
  readonly sentAt: number;
  /** The local clock when the response arrived, milliseconds since the epoch. */
  readonly receivedAt: number;
  /** The verified response's `created`: the server's clock, whole Unix seconds (rounded down). */
  readonly created: number;
  /** The offset the request was signed with, whole seconds. */
  readonly offsetSeconds: number;
  /** Whether the response carries `Age` (a cache answered it). */
  readonly cached: boolean;
}

/** The client's limits on what a sample may do. */
export interface ClockLimits {
  /** The longest round trip (`receivedAt − sentAt`) a sample may have, milliseconds. */
  readonly maxRoundTripMilliseconds: number;
  /** The largest offset ever applied, seconds; a larger estimate is clamped to it. */
  readonly maxClockOffsetSeconds: number;
}

/**
 * Why a sample was ignored: the response came from a cache (`RESPONSE_CACHED`), its round trip was
 * over the limit (`ROUND_TRIP_TOO_LONG`), or could not be measured (`ROUND_TRIP_UNMEASURABLE`: the
 * local clock went back, or returned something other than a finite number).
 */
export type ClockSampleRefusal = 'RESPONSE_CACHED' | 'ROUND_TRIP_TOO_LONG' | 'ROUND_TRIP_UNMEASURABLE';

/** What a sample does to the offset. */
export interface ClockDecision {
  /**
   * `corrected`: the offset changes to {@link ClockDecision.offsetSeconds}; `unchanged`: the sample
   * agrees with the current offset (or the clamp leaves it where it is); `refused`: the sample is
   * ignored, see {@link ClockDecision.reason}.
   */
  readonly outcome: 'corrected' | 'unchanged' | 'refused';
  /** Why the sample was refused; `undefined` otherwise. */
  readonly reason: ClockSampleRefusal | undefined;
  /** `receivedAt − sentAt`, milliseconds. */
  readonly roundTripMilliseconds: number;
  /** The offset to sign with from now on, whole seconds. */
  readonly offsetSeconds: number;
}

/**
 * Decides what one signed time rejection does to the clock offset (docs/spec.md §15.3). A cached
 * response, and a round trip over `maxRoundTripMilliseconds`, negative or not a number, are refused.
 * Otherwise the true offset lies in `[created − receivedAt, created + 1 − sentAt]` (seconds); a
 * current offset inside it is kept, any other becomes the interval's centre rounded to a whole
 * second (halves up), clamped to `±maxClockOffsetSeconds`.
 *
 * @example
 * ```ts
 * // Sent at local 1699999400.000 s, answered (created 1700000000) at 1699999400.300 s:
 * decideClockOffset(
 *   { sentAt: 1_699_999_400_000, receivedAt: 1_699_999_400_300, created: 1_700_000_000, offsetSeconds: 0, cached: false },
 *   { maxRoundTripMilliseconds: 5000, maxClockOffsetSeconds: 3600 },
 * ); // { outcome: 'corrected', reason: undefined, roundTripMilliseconds: 300, offsetSeconds: 600 }
 * ```
 * @param sample - the exchange, timed with the local clock.
 * @param limits - the round-trip limit and the offset clamp.
 * @returns the decision.
 */
export function decideClockOffset(sample: ClockSample, limits: ClockLimits): ClockDecision {
  const { sentAt, receivedAt, created, offsetSeconds } = sample;
  const roundTripMilliseconds = receivedAt - sentAt;
  const reason: ClockSampleRefusal | undefined = sample.cached
    ? 'RESPONSE_CACHED'
    : !Number.isFinite(roundTripMilliseconds) || roundTripMilliseconds < 0
      ? 'ROUND_TRIP_UNMEASURABLE'
      : roundTripMilliseconds > limits.maxRoundTripMilliseconds
        ? 'ROUND_TRIP_TOO_LONG'
        : undefined;
  // The interval in milliseconds, so that whole-millisecond clocks are compared exactly.
  const lowest = created * 1000 - receivedAt;
  const highest = created * 1000 + 1000 - sentAt;
  const bound = limits.maxClockOffsetSeconds;
  const estimate =
    reason !== undefined || (lowest <= offsetSeconds * 1000 && offsetSeconds * 1000 <= highest)
      ? offsetSeconds
      : // Math.round rounds halves up; `+ 0` turns a -0 into 0.
        Math.min(bound, Math.max(-bound, Math.round((lowest + highest) / 2000))) + 0;
  const outcome = reason !== undefined ? 'refused' : estimate === offsetSeconds ? 'unchanged' : 'corrected';
  return { outcome, reason, roundTripMilliseconds, offsetSeconds: estimate };
}
