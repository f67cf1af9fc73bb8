import { describe, expect, it } from 'vitest';
import { SIGNED_AT, signedJsonPost, TEST_KEY } from '../test/fixtures/signed-post.js';
import { VerificationError } from './errors.js';
import type { FieldLines } from './headers.js';
import { parseSignature } from './received-signature.js';
import { resolvePolicy } from './verification-policy.js';

const CREATED = SIGNED_AT;
const { signed, fields: signedFields } = signedJsonPost('https://api.example.com/v1/orders?x=1', { a: 1 });
const _key = TEST_KEY;
const body = signed.body as Uint8Array;
const policy = resolvePolicy();

function received(fields: FieldLines = signedFields) {
  return { method: 'POST', url: signed.url, headers: fields, body };
}

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'OK';
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).code;
  }
}

describe('parseSignature (spec §9 steps 3–8)', () => {
  it('returns the labelled signature, parsed and checked up to the key', () => {
    const pending = parseSignature(received(), body, policy, CREATED + 5);
    expect(pending.label).toBe('sig1');
    expect(pending.nonce).toBe('AAECAwQFBgcICQoLDA0ODw');
    expect(pending.params).toMatchObject({ keyid: 'client-1', created: CREATED, alg: 'hmac-sha256', tag: 'signwire-v1' });
    expect(pending.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"']);
    expect(pending.signature).toHaveLength(32);
    expect(pending.digest).toHaveLength(32);
    expect(pending.acceptableUntil).toBe(CREATED + 300);
    expect(pending.target).toMatchObject({ authority: 'api.example.com', path: '/v1/orders', query: 'x=1' });
  });

  it('refuses a request without Signature-Input or Signature (step 3)', () => {
    const withoutSignature = signedFields.filter(([name]) => name !== 'signature');
    expect(codeOf(() => parseSignature(received(withoutSignature), body, policy, CREATED))).toBe('SIGNATURE_MISSING');
  });

  it('refuses a Signature-Input that is no dictionary (step 4) as a VerificationError', () => {
    const fields = signedFields.map(([name, value]): [string, string] => [name, name === 'signature-input' ? '(((' : value]);
    expect(codeOf(() => parseSignature(received(fields), body, policy, CREATED))).toBe('SIGNATURE_MALFORMED');
  });

  it('checks the time (step 7) unless told not to', () => {
    const late = CREATED + 301;
    expect(codeOf(() => parseSignature(received(), body, policy, late))).toBe('SIGNATURE_EXPIRED');
    expect(codeOf(() => parseSignature(received(), body, policy, late, { checkTime: false }))).toBe('OK');
  });

  it('checks coverage (step 8) against the policy', () => {
    const strict = resolvePolicy({ requiredComponents: ['x-tenant'] });
    expect(codeOf(() => parseSignature(received(), body, strict, CREATED))).toBe('COMPONENT_MISSING');
  });

  it('uses the field lines it is given instead of converting the headers again', () => {
    const request = { ...received(), headers: [] };
    expect(codeOf(() => parseSignature(request, body, policy, CREATED, { fields: signedFields }))).toBe('OK');
    expect(codeOf(() => parseSignature(request, body, policy, CREATED))).toBe('SIGNATURE_MISSING');
  });
});
