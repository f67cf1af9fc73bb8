import { describe, expect, it } from 'vitest';
import { SIGNED_AT, signedJsonPost, TEST_KEY } from '../test/fixtures/signed-post.js';
import { utf8 } from './bytes.js';
import { canonicalJson } from './canonical-json.js';
import { VerificationError } from './errors.js';
import { verifyMac } from './mac.js';
import { parseSignature } from './received-signature.js';
import { importSecret } from './secret.js';
import { resolvePolicy } from './verification-policy.js';

const otherKey = importSecret({ base64: 'HxAREhMUFRYXGBkaGxwdHh8AAQIDBAUGBwgJCgsMDQ4=' });
const CREATED = SIGNED_AT;
const { signed, fields } = signedJsonPost('https://api.example.com/v1/orders', { amount: 10 });
const key = TEST_KEY;

function pendingFor(body: Uint8Array, url = signed.url) {
  return parseSignature({ method: 'POST', url, headers: fields, body }, body, resolvePolicy(), CREATED);
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

describe('verifyMac (spec §9 steps 10–12)', () => {
  it('verifies a signed request and reports what was verified', () => {
    const verified = verifyMac(pendingFor(signed.body as Uint8Array), key);
    expect(verified).toMatchObject({ keyId: 'client-1', label: 'sig1', created: CREATED, nonce: 'AAECAwQFBgcICQoLDA0ODw' });
    expect(verified.replayWindowEnd).toBe(CREATED + 300);
    expect(verified.signatureBase).toBe(signed.signatureBase);
    expect(verified.signatureBase.split('\n').slice(0, 3)).toEqual([
      '"@method": POST',
      '"@authority": api.example.com',
      '"@path": /v1/orders',
    ]);
  });

  it('refuses a MAC made with another key (step 11)', () => {
    expect(codeOf(() => verifyMac(pendingFor(signed.body as Uint8Array), otherKey))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a signed request sent to another path (step 11)', () => {
    expect(codeOf(() => verifyMac(pendingFor(signed.body as Uint8Array, 'https://api.example.com/v1/refunds'), key))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('refuses a body changed in transit under the signed digest (step 12)', () => {
    const tampered = utf8(canonicalJson({ amount: 99 }));
    expect(tampered).toHaveLength((signed.body as Uint8Array).length);
    expect(codeOf(() => verifyMac(pendingFor(tampered), key))).toBe('DIGEST_MISMATCH');
  });

  it('derives the URL at step 10: an unparseable target is URL_INVALID, not a crash', () => {
    expect(codeOf(() => verifyMac(pendingFor(signed.body as Uint8Array, 'not a url'), key))).toBe('URL_INVALID');
  });
});
