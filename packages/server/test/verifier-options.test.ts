import { describe, expect, it } from 'vitest';
import { checkVerifierOptions, verifierClock } from '../src/verifier-options.js';
import type { VerifierOptions } from '../src/verifier-types.js';
import { SECRET } from './helpers.js';

const base = { keys: { 'client-1': SECRET }, publicOrigin: 'https://api.example.com' } as const;
const invalid = (message: string | RegExp) =>
  expect.objectContaining({ name: 'ConfigurationError', code: 'CONFIGURATION_INVALID', message: expect.stringMatching(message) });

describe('checkVerifierOptions: every option is checked before any request', () => {
  it('resolves the policy of valid options', () => {
    expect(checkVerifierOptions({ ...base, maxAgeSeconds: 120 })).toMatchObject({ maxAgeSeconds: 120 });
  });

  it.each([
    ['no options', undefined, /options are required/],
    ['an onFailure that is not a function', { ...base, onFailure: 'log' }, /onFailure must be a function/],
    ['a now that is not a function', { ...base, now: 1_700_000_000 }, /now must be a function/],
    ['a bodyTimeoutMs of 0', { ...base, bodyTimeoutMs: 0 }, /bodyTimeoutMs must be a positive integer/],
    ['a bodyTimeoutMs setTimeout cannot keep', { ...base, bodyTimeoutMs: 2 ** 31 }, /at most 2147483647/],
    ['a nonceStore without checkAndRemember', { ...base, nonceStore: {} }, /nonceStore must implement checkAndRemember/],
    ['a policy the core refuses', { ...base, maxAgeSeconds: -1 }, /maxAgeSeconds/],
  ])('refuses %s with CONFIGURATION_INVALID', (_what, options, message) => {
    expect(() => checkVerifierOptions(options as unknown as VerifierOptions)).toThrow(invalid(message));
  });
});

describe('verifierClock', () => {
  it('reads the system clock in seconds by default', () => {
    expect(Math.abs(verifierClock(undefined)() - Date.now() / 1000)).toBeLessThan(5);
  });

  it("passes the application's seconds through", () => {
    expect(verifierClock(() => 1_700_000_000.5)()).toBe(1_700_000_000.5);
  });

  it.each([
    ['milliseconds', () => Date.now(), /not milliseconds/],
    ['NaN', () => Number.NaN, /finite number of seconds/],
    ['a string', () => '1700000000' as unknown as number, /finite number of seconds/],
  ])('refuses a reading in %s on each read (answered 500)', (_what, now, message) => {
    const clock = verifierClock(now);
    expect(clock).toThrow(invalid(message));
  });
});
