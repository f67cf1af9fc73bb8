/**
 * The verifier's clock for a request checked after the fact (`signwire verify --now`, the inspector's
 * paste mode). Browser-safe: no `node:` imports.
 */

/** The clock text is not Unix seconds, an ISO 8601 date or `created`. */
export class ClockFormatError extends Error {
  override readonly name = 'ClockFormatError';
}

/**
 * Reads a clock: Unix seconds, an ISO 8601 date, or `created` (the signature's own `created`, to check
 * a request as of when it was signed).
 *
 * @param value - the text; empty or `undefined` means now.
 * @param created - reads the signature's `created` (`undefined` when it has none).
 * @param now - the current time, milliseconds (default `Date.now`).
 * @returns the clock, whole Unix seconds.
 * @throws ClockFormatError for anything else, or `created` without a signature.
 */
export function parseVerifierClock(value: string | undefined, created: () => number | undefined, now: () => number = Date.now): number {
  const text = value?.trim() ?? '';
  if (text === '') return Math.floor(now() / 1000);
  if (/^[0-9]{1,15}$/.test(text)) return Number(text);
  if (text === 'created') {
    const seconds = created();
    if (seconds === undefined) throw new ClockFormatError('"created": the request has no signature with an integer created parameter');
    return seconds;
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed))
    throw new ClockFormatError('the clock must be Unix seconds, an ISO 8601 date (2026-01-31T12:00:00Z) or "created"');
  return Math.floor(parsed / 1000);
}
