import { describe, expect, it } from 'vitest';
import { VerificationError } from './errors.js';
import type { SignatureParameters } from './signature-params.js';
import { acceptableUntil, checkSignatureTime } from './signature-time.js';
import { resolvePolicy } from './verification-policy.js';

const policy = resolvePolicy(); // max age 300, skew 60
const CREATED = 1_700_000_000;

function params(expires?: number): SignatureParameters {
  return { created: CREATED, expires, nonce: 'n', keyid: 'k', alg: 'hmac-sha256', tag: 'signwire-v1' };
}

function verdict(now: number, expires?: number): string {
  try {
    checkSignatureTime(params(expires), policy, now);
    return 'OK';
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).code;
  }
}

describe('checkSignatureTime (spec §9 step 7)', () => {
  it.each<[string, number, number | undefined, string]>([
    ['at created + max age (vector verify/age-at-limit)', CREATED + 300, undefined, 'OK'],
    ['one second past the max age (vector verify/expired-by-one-second)', CREATED + 301, undefined, 'SIGNATURE_EXPIRED'],
    ['created at the edge of the allowed skew', CREATED - 60, undefined, 'OK'],
    ['created one second beyond the skew', CREATED - 61, undefined, 'SIGNATURE_FROM_FUTURE'],
    ['at exactly expires', CREATED + 10, CREATED + 10, 'OK'],
    ['one second past expires, inside the max age', CREATED + 11, CREATED + 10, 'SIGNATURE_EXPIRED'],
  ])('%s', (_, now, expires, expected) => {
    expect(verdict(now, expires)).toBe(expected);
  });
});

describe('acceptableUntil (the replay window of spec §9 step 13)', () => {
  it('is created + max age, or expires when that is earlier', () => {
    expect(acceptableUntil(params(), policy)).toBe(CREATED + 300);
    expect(acceptableUntil(params(CREATED + 10), policy)).toBe(CREATED + 10);
    expect(acceptableUntil(params(CREATED + 1000), policy)).toBe(CREATED + 300);
  });
});
