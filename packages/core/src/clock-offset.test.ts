// decideClockOffset (docs/spec.md §15.3) against a simulated exchange whose true offset the test
// knows: the local clock is `offset` behind the server's, the request travels `out` ms, the server
// reads its clock (rounded down to a second), the answer travels `back` ms. An attacker on the path
// picks `out` and `back`; the server's time stays true.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClockLimits, type ClockSample, decideClockOffset } from './clock-offset.js';

const LIMITS: ClockLimits = { maxRoundTripMilliseconds: 5000, maxClockOffsetSeconds: 3600 };
const LOCAL = 1_700_000_000_000;

/** The sample a client with true offset `trueOffsetMillis` records, currently signing with `offsetSeconds`. */
function exchange(trueOffsetMillis: number, out: number, back: number, offsetSeconds: number, sentAt = LOCAL): ClockSample {
  const created = Math.floor((sentAt + out + trueOffsetMillis) / 1000);
  return { sentAt, receivedAt: sentAt + out + back, created, offsetSeconds, cached: false };
}

describe('decideClockOffset', () => {
  it('refuses a round trip over the limit and accepts one at it', () => {
    expect(decideClockOffset(exchange(600_000, 2500, 2501, 0), LIMITS)).toEqual({
      outcome: 'refused',
      reason: 'ROUND_TRIP_TOO_LONG',
      roundTripMilliseconds: 5001,
      offsetSeconds: 0,
    });
    // created = L + 602.5 s rounded down; the offset lies in [602 − 5, 603 − 0] = [597, 603]: centre 600.
    expect(decideClockOffset(exchange(600_000, 2500, 2500, 0), LIMITS)).toEqual({
      outcome: 'corrected',
      reason: undefined,
      roundTripMilliseconds: 5000,
      offsetSeconds: 600,
    });
  });

  it('refuses the held requests of the attack: 200 s and 7,000 s on a correct clock', () => {
    for (const held of [200_000, 7_000_000]) {
      expect(decideClockOffset(exchange(0, held, 0, 0), LIMITS)).toMatchObject({
        outcome: 'refused',
        reason: 'ROUND_TRIP_TOO_LONG',
        offsetSeconds: 0,
      });
    }
  });

  it('refuses a cached response, however short its round trip', () => {
    expect(decideClockOffset({ ...exchange(600_000, 100, 100, 0), cached: true }, LIMITS)).toEqual({
      outcome: 'refused',
      reason: 'RESPONSE_CACHED',
      roundTripMilliseconds: 200,
      offsetSeconds: 0,
    });
  });

  it.each([
    ['the clock went back', LOCAL, LOCAL - 1],
    ['sentAt is not a number', Number.NaN, LOCAL],
    ['receivedAt is infinite', LOCAL, Number.POSITIVE_INFINITY],
  ])('refuses a round trip it cannot measure: %s', (_, sentAt, receivedAt) => {
    const decision = decideClockOffset({ sentAt, receivedAt, created: 1_700_000_600, offsetSeconds: 0, cached: false }, LIMITS);
    expect(decision).toMatchObject({ outcome: 'refused', reason: 'ROUND_TRIP_UNMEASURABLE', offsetSeconds: 0 });
  });

  it('keeps an offset the interval contains, including at both ends', () => {
    // Sent at 1700000000.000, received at 1700000002.000, created 1700000001: [−1, 2].
    const sample = { sentAt: LOCAL, receivedAt: LOCAL + 2000, created: 1_700_000_001, cached: false };
    for (const offsetSeconds of [-1, 0, 1, 2]) {
      expect(decideClockOffset({ ...sample, offsetSeconds }, LIMITS)).toMatchObject({ outcome: 'unchanged', offsetSeconds });
    }
    // Just outside: centre 0.5 rounds up to 1.
    expect(decideClockOffset({ ...sample, offsetSeconds: 3 }, LIMITS)).toMatchObject({ outcome: 'corrected', offsetSeconds: 1 });
    expect(decideClockOffset({ ...sample, offsetSeconds: -2 }, LIMITS)).toMatchObject({ outcome: 'corrected', offsetSeconds: 1 });
  });

  it('rounds a centre half-way between seconds up, and never returns -0', () => {
    // An instant exchange at a whole second: [600, 601] → 600.5 → 601; [−600, −599] → −599.5 → −599.
    const at = { sentAt: LOCAL, receivedAt: LOCAL, offsetSeconds: 0, cached: false };
    expect(decideClockOffset({ ...at, created: 1_700_000_600 }, LIMITS).offsetSeconds).toBe(601);
    expect(decideClockOffset({ ...at, created: 1_699_999_400 }, LIMITS).offsetSeconds).toBe(-599);
    // [−0.9, 0.1] → −0.4 → 0, from an offset of 5.
    const decision = decideClockOffset(
      { sentAt: LOCAL + 900, receivedAt: LOCAL + 900, created: 1_700_000_000, offsetSeconds: 5, cached: false },
      LIMITS,
    );
    expect(decision).toMatchObject({ outcome: 'corrected' });
    expect(Object.is(decision.offsetSeconds, 0)).toBe(true);
  });

  it('clamps to maxClockOffsetSeconds, and a clamp that leaves the offset where it is changes nothing', () => {
    expect(decideClockOffset(exchange(86_400_000, 100, 100, 0), LIMITS)).toMatchObject({ outcome: 'corrected', offsetSeconds: 3600 });
    expect(decideClockOffset(exchange(-86_400_000, 100, 100, 0), LIMITS)).toMatchObject({ outcome: 'corrected', offsetSeconds: -3600 });
    expect(decideClockOffset(exchange(86_400_000, 100, 100, 3600), LIMITS)).toMatchObject({ outcome: 'unchanged', offsetSeconds: 3600 });
  });

  // Mostly delays around the round-trip limit, some of an attacker's length.
  const delay = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 3000 }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 10_000_000 }), weight: 1 },
  );
  const trueOffset = fc.integer({ min: -3_600_000, max: 3_600_000 });

  it('never moves a clock that is right, whatever the delays (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3600, max: 3600 }), delay, delay, fc.integer({ min: 0, max: 999 }), (offset, out, back, ms) => {
        const decision = decideClockOffset(exchange(offset * 1000, out, back, offset, LOCAL + ms), LIMITS);
        expect(decision.outcome).not.toBe('corrected');
        expect(decision.offsetSeconds).toBe(offset);
      }),
    );
  });

  it('moves the clock to within half the round trip plus 1 s of the truth, or refuses (property)', () => {
    fc.assert(
      fc.property(trueOffset, delay, delay, fc.integer({ min: -3600, max: 3600 }), (truth, out, back, current) => {
        const decision = decideClockOffset(exchange(truth, out, back, current), LIMITS);
        if (out + back > LIMITS.maxRoundTripMilliseconds) {
          expect(decision).toMatchObject({ outcome: 'refused', offsetSeconds: current });
        } else if (decision.outcome === 'corrected') {
          expect(Math.abs(decision.offsetSeconds * 1000 - truth)).toBeLessThanOrEqual((out + back + 1000) / 2 + 500);
        } else {
          // Kept: the current offset was already within the round trip plus 1 s of the truth.
          expect(Math.abs(current * 1000 - truth)).toBeLessThanOrEqual(out + back + 1000);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
