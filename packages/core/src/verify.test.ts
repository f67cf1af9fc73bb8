// The fields steps 3–8 read (Signature-Input, Signature, Content-Digest, Content-Type) are collected in
// one pass over the lines: any case, any order, several lines combined with ", ".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedJsonPost, TEST_KEY } from '../test/fixtures/signed-post.js';
import { SignwireError } from './errors.js';
import { createVerificationCache } from './verification-cache.js';
import { verifyRequestSignature } from './verify.js';

const NOW = 1_700_000_010;
const { signed } = signedJsonPost('https://api.example.com/v1/orders?x=1', { a: 1 });
const key = TEST_KEY;
const { 'signature-input': signatureInput, signature, 'content-digest': contentDigest } = signed.headers as Record<string, string>;
const OTHER_INPUT = 'other=("@method");created=1700000000;keyid="k";alg="hmac-sha256";tag="signwire-v1"';

function verdict(headers: [string, string][], cache = createVerificationCache()): string {
  try {
    verifyRequestSignature({
      request: { method: 'POST', url: signed.url, headers, body: signed.body },
      now: NOW,
      lookupKey: () => ({ key }),
      cache,
    });
    return 'OK';
  } catch (error) {
    if (error instanceof SignwireError) return error.code;
    throw error;
  }
}

describe('the signature fields, read in one pass', () => {
  it.each<[string, [string, string][], string]>([
    [
      'as signed',
      [
        ['content-type', 'application/json'],
        ['signature-input', signatureInput as string],
        ['signature', signature as string],
        ['content-digest', contentDigest as string],
      ],
      'OK',
    ],
    [
      'other members on earlier lines, names in any case, fields interleaved',
      [
        ['Signature', 'other=:AAAA:'],
        ['SIGNATURE-INPUT', OTHER_INPUT],
        ['Content-Type', 'application/json'],
        ['Signature-Input', signatureInput as string],
        ['content-digest', contentDigest as string],
        ['signature', signature as string],
      ],
      'OK',
    ],
    [
      'no Signature line',
      [
        ['content-type', 'application/json'],
        ['signature-input', signatureInput as string],
        ['content-digest', contentDigest as string],
      ],
      'SIGNATURE_MISSING',
    ],
    [
      'no Signature-Input line',
      [
        ['signature', signature as string],
        ['content-digest', contentDigest as string],
      ],
      'SIGNATURE_MISSING',
    ],
    [
      'an empty Signature line still counts as present',
      [
        ['signature-input', signatureInput as string],
        ['signature', ''],
        ['content-digest', contentDigest as string],
      ],
      'SIGNATURE_MALFORMED',
    ],
    [
      'no Content-Digest line',
      [
        ['content-type', 'application/json'],
        ['signature-input', signatureInput as string],
        ['signature', signature as string],
      ],
      'DIGEST_MISSING',
    ],
    [
      'a malformed Content-Digest line beside the right one',
      [
        ['content-type', 'application/json'],
        ['signature-input', signatureInput as string],
        ['signature', signature as string],
        ['content-digest', 'sha-512=(:AAAA:'],
        ['content-digest', contentDigest as string],
      ],
      'DIGEST_MALFORMED',
    ],
    [
      'a wrong Signature on a second line wins (the last member of a label)',
      [
        ['content-type', 'application/json'],
        ['signature-input', signatureInput as string],
        ['signature', signature as string],
        ['Signature', `sig1=:${'A'.repeat(43)}=:`],
        ['content-digest', contentDigest as string],
      ],
      'SIGNATURE_INVALID',
    ],
  ])('%s → %s', (_name, headers, expected) => {
    expect(verdict(headers)).toBe(expected);
    expect(verdict(headers)).toBe(expected); // and again with a warm cache
  });

  it('verifies whatever the order of the lines', () => {
    const lines: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['Signature', 'other=:AAAA:'],
      ['signature', signature as string],
      ['Signature-Input', OTHER_INPUT],
      ['signature-input', signatureInput as string],
      ['content-digest', contentDigest as string],
      ['X-Other', 'x'],
    ];
    const cache = createVerificationCache();
    fc.assert(
      fc.property(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), (shuffled) => {
        // Only the relative order of the two Signature lines and of the two Signature-Input lines matters
        // (a later member of the same label wins); these have different labels, so every order verifies.
        expect(verdict(shuffled, cache)).toBe('OK');
      }),
    );
  });
});
