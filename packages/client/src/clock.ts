/**
 * The signer's clock: an injectable millisecond clock plus an offset in seconds that only an
 * authenticated server time may set.
 */
import { ConfigurationError } from '@signwire/core';

/**
 * A clock returning the current time in **milliseconds** since the Unix epoch, exactly like
 * `Date.now` (the default). Fractions are allowed; `created` is rounded down to a second.
 */
export type Clock = () => number;

/**
 * Readings in [1e9, 1e11) are 1970-01-12 to 1973-03-03 in milliseconds, and 2001 to 5138 in seconds:
 * a clock in seconds, by mistake. (Zero and negative readings are test clocks the spec allows.)
 */
const SECONDS_LOOKALIKE = { from: 1e9, to: 1e11 };

/**
 * Reads the clock and converts it into the `created` parameter (integer Unix seconds).
 *
 * @param now - the clock.
 * @param offsetSeconds - the signer's clock offset.
 * @returns `floor(now() / 1000) + offsetSeconds`.
 * @throws SignwireError CONFIGURATION_INVALID when the clock returns something other than a finite number,
 * or a time in 1970–1973 (a clock in seconds).
 */
export function createdSeconds(now: Clock, offsetSeconds: number): number {
  return Math.floor(readMillis(now) / 1000) + offsetSeconds;
}

/**
 * The corrected time in seconds, with its fraction (for when credentials are due).
 *
 * @param now - the clock.
 * @param offsetSeconds - the signer's clock offset.
 * @returns `now() / 1000 + offsetSeconds`.
 * @throws SignwireError CONFIGURATION_INVALID as {@link createdSeconds}.
 */
export function correctedSeconds(now: Clock, offsetSeconds: number): number {
  return readMillis(now) / 1000 + offsetSeconds;
}

function readMillis(now: Clock): number {
  const millis: unknown = now();
  if (typeof millis !== 'number' || !Number.isFinite(millis)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the clock (options.now) must return a finite number of milliseconds');
  }
  if (millis >= SECONDS_LOOKALIKE.from && millis < SECONDS_LOOKALIKE.to) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      `the clock (options.now) returned ${millis}, a time in 1970–1973 in milliseconds: it must return milliseconds since the epoch, like Date.now (not seconds)`,
    );
  }
  return millis;
}

/**
 * Checks a clock offset.
 *
 * @param offsetSeconds - the offset to apply to the local clock, in whole seconds.
 * @returns the offset.
 * @throws SignwireError CONFIGURATION_INVALID when it is not a safe integer.
 */
export function checkClockOffset(offsetSeconds: number): number {
  if (!Number.isSafeInteger(offsetSeconds)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the clock offset must be a whole number of seconds');
  }
  return offsetSeconds;
}
