import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { DEFAULT_POLICY, resolvePolicy, type VerificationPolicy } from './verification-policy.js';

describe('resolvePolicy (spec §9 policy inputs)', () => {
  it('fills in the defaults of spec §9', () => {
    expect(DEFAULT_POLICY).toEqual({
      label: 'sig1',
      tag: 'signwire-v1',
      maxAgeSeconds: 300,
      clockSkewSeconds: 60,
      maxBodyBytes: 1_048_576,
      requiredComponents: [],
      allowJsonPrototypeMembers: false,
    });
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('keeps what is configured and parses extra required components', () => {
    const resolved = resolvePolicy({ label: 'b2b', maxAgeSeconds: 30, clockSkewSeconds: 0, requiredComponents: ['x-tenant'] });
    expect(resolved).toMatchObject({ label: 'b2b', maxAgeSeconds: 30, clockSkewSeconds: 0 });
    expect(resolved.requiredComponents).toEqual([{ name: 'x-tenant' }]);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', null, /must be an object/],
    ['a zero max age', { maxAgeSeconds: 0 }, /maxAgeSeconds/],
    ['a fractional max age', { maxAgeSeconds: 1.5 }, /maxAgeSeconds/],
    ['a negative skew', { clockSkewSeconds: -1 }, /clockSkewSeconds/],
    ['a negative body limit', { maxBodyBytes: -1 }, /maxBodyBytes/],
    ['a label that is no structured-field key', { label: 'Sig 1' }, /label/],
    ['an empty tag', { tag: '' }, /tag/],
    ['a prototype switch that is not a boolean', { allowJsonPrototypeMembers: 'yes' }, /allowJsonPrototypeMembers/],
  ])('refuses %s with ConfigurationError CONFIGURATION_INVALID', (_, policy, message) => {
    let caught: unknown;
    try {
      resolvePolicy(policy as VerificationPolicy);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect(caught).toMatchObject({ code: 'CONFIGURATION_INVALID', message: expect.stringMatching(message) });
  });
});
