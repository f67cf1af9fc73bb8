import { describe, expect, it } from 'vitest';
import { fromBase64 } from './bytes.js';
import type { ComponentIdentifier } from './components.js';
import { requiredIds, verifyCoverage } from './coverage.js';
import { VerificationError } from './errors.js';
import type { FieldLines } from './headers.js';
import { resolvePolicy } from './verification-policy.js';

const PROFILE: ComponentIdentifier[] = ['@method', '@authority', '@path', '@query'].map((name) => ({ name }));
const withBody = (...names: string[]): ComponentIdentifier[] => [...PROFILE, ...names.map((name) => ({ name }))];
// SHA-256 of the empty string, from FIPS 180-4's well-known value (e3b0c442…b855) in base64.
const EMPTY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const DIGEST: FieldLines = [['content-digest', `sha-256=:${EMPTY_SHA256}:`]];

function verdict(components: ComponentIdentifier[], fields: FieldLines, hasBody: boolean, codingRequired = true): unknown {
  try {
    return verifyCoverage(components, PROFILE, fields, hasBody, codingRequired);
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).code;
  }
}

describe('verifyCoverage (spec §9 step 8)', () => {
  it('passes a request without a body that covers the profile, with nothing to digest', () => {
    expect(verdict(PROFILE, [], false)).toBeUndefined();
  });

  it('refuses a signature that leaves a required component out', () => {
    expect(verdict(PROFILE.slice(1), [], false)).toBe('COMPONENT_MISSING');
  });

  it('returns the parsed sha-256 member when content-digest is covered', () => {
    expect(verdict(withBody('content-digest'), DIGEST, true)).toEqual(fromBase64(EMPTY_SHA256));
  });

  it.each<[string, ComponentIdentifier[], FieldLines, boolean, unknown]>([
    ['a body without content-digest covered', PROFILE, DIGEST, true, 'DIGEST_MISSING'],
    ['content-digest covered but no field (D4: no body either)', withBody('content-digest'), [], false, 'DIGEST_MISSING'],
    ['a Content-Digest that is no dictionary', withBody('content-digest'), [['content-digest', '(((']], true, 'DIGEST_MALFORMED'],
    [
      'a sha-256 member of 31 bytes',
      withBody('content-digest'),
      [['content-digest', `sha-256=:${'A'.repeat(40)}AA==:`]],
      true,
      'DIGEST_MALFORMED',
    ],
    [
      'a body with Content-Type not covered',
      withBody('content-digest'),
      [['content-type', 'text/plain'], ...DIGEST],
      true,
      'COMPONENT_MISSING',
    ],
    [
      'a body whose coding is not covered',
      withBody('content-digest'),
      [['content-encoding', 'gzip'], ...DIGEST],
      true,
      'COMPONENT_MISSING',
    ],
    ['Content-Type without a body need not be covered', PROFILE, [['content-type', 'text/plain']], false, undefined],
  ])('%s', (_, components, fields, hasBody, expected) => {
    expect(verdict(components, fields, hasBody)).toEqual(expected);
  });

  it('does not require a response body coding to be covered (spec §15.2)', () => {
    const fields: FieldLines = [['content-encoding', 'gzip'], ...DIGEST];
    expect(verdict(withBody('content-digest'), fields, true, false)).toEqual(fromBase64(EMPTY_SHA256));
  });
});

describe('requiredIds', () => {
  it("is the profile's list, then the policy's", () => {
    expect(requiredIds(resolvePolicy())).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"']);
    expect(requiredIds(resolvePolicy({ requiredComponents: ['x-tenant'] }))).toEqual([
      '"@method"',
      '"@authority"',
      '"@path"',
      '"@query"',
      '"x-tenant"',
    ]);
  });
});
