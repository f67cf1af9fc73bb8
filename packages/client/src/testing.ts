/**
 * `@signwire/client/testing`: deterministic clocks and nonces for your own tests. Never use these in
 * production: a fixed nonce is replayable by design.
 *
 * @packageDocumentation
 * @module @signwire/client/testing
 */
import { ConfigurationError } from '@signwire/core';
import { toBase64Url } from '@signwire/core/internal';
import type { Clock } from './clock.js';

/**
 * A clock that always returns the same instant.
 *
 * @example
 * ```ts
 * createSigner({ keyId, secret, now: fixedClock(1_700_000_000_000) }); // created=1700000000
 * ```
 * @param time - milliseconds since the epoch, or a `Date`.
 * @returns a {@link Clock} for `createSigner({ now })`.
 * @throws SignwireError CONFIGURATION_INVALID for a non-finite time.
 */
export function fixedClock(time: number | Date): Clock {
  const millis = time instanceof Date ? time.getTime() : time;
  if (typeof millis !== 'number' || !Number.isFinite(millis)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'fixedClock needs a finite number of milliseconds or a valid Date');
  }
  return () => millis;
}

/**
 * A deterministic nonce source: 128-bit nonces counting up from `start` (`AAAAAAAAAAAAAAAAAAAAAA`,
 * `AAAAAAAAAAAAAAAAAAAAAQ`, …), each distinct, so replay checks still see different nonces.
 *
 * @param start - the first counter value (a safe non-negative integer, default 0).
 * @returns a nonce source for `createSigner({ nonce })`.
 * @throws SignwireError CONFIGURATION_INVALID for an invalid start.
 */
export function sequentialNonces(start = 0): () => string {
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'sequentialNonces needs a non-negative safe integer');
  }
  let next = start;
  return () => {
    const bytes = new Uint8Array(16);
    let value = next++;
    for (let i = 15; i >= 8 && value > 0; i--) {
      bytes[i] = value % 256;
      value = Math.floor(value / 256);
    }
    return toBase64Url(bytes);
  };
}

/**
 * A nonce source that always returns `nonce` (to reproduce a known signature, e.g. a test vector).
 *
 * @param nonce - a base64url nonce of 22–128 characters (checked when signing).
 * @returns a nonce source for `createSigner({ nonce })`.
 */
export function fixedNonce(nonce: string): () => string {
  return () => nonce;
}
