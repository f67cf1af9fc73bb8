import { describe, expect, it } from 'vitest';
import { fixedClock, fixedNonce, sequentialNonces } from '../src/testing.js';
import { syncSigner } from './helpers.js';

describe('@signwire/client/testing', () => {
  it('fixedClock returns the same milliseconds, from a number or a Date', () => {
    expect(fixedClock(1_700_000_000_500)()).toBe(1_700_000_000_500);
    expect(fixedClock(new Date(0))()).toBe(0);
  });

  it('fixedClock refuses a non-finite time', () => {
    expect(() => fixedClock(Number.NaN)).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
    expect(() => fixedClock(new Date('nope'))).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it('sequentialNonces counts up with distinct, valid 128-bit nonces', () => {
    const next = sequentialNonces();
    expect([next(), next(), next()]).toEqual(['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAQ', 'AAAAAAAAAAAAAAAAAAAAAg']);
    expect(sequentialNonces(256)()).toBe('AAAAAAAAAAAAAAAAAAABAA');
    expect(sequentialNonces(Number.MAX_SAFE_INTEGER)()).toBe('AAAAAAAAAAAAH________w');
  });

  it('sequentialNonces refuses an invalid start', () => {
    expect(() => sequentialNonces(-1)).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it('makes signatures reproducible', () => {
    const request = { method: 'GET', url: 'https://api.example.com/' };
    expect(syncSigner({ nonce: fixedNonce('AAECAwQFBgcICQoLDA0ODw') }).signSync(request)).toEqual(
      syncSigner({ nonce: fixedNonce('AAECAwQFBgcICQoLDA0ODw') }).signSync(request),
    );
  });
});
