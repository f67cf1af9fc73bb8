// Issued keys (docs/spec.md §16): the key id grammar and messages, the HKDF derivation checked
// against node:crypto's independent HKDF, and the verifier-side steps (resolve, revocation, confirm).
import { hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes.js';
import { KEY_ID_PATTERN } from './constants.js';
import { checkRevocation, createIssuedKeyDeriver, resolveIssuedKey } from './issued-key.js';
import { describeIssuedKeyFieldProblem, formatIssuedKeyId, ISSUED_KEY_PREFIX, parseIssuedKeyId } from './issued-key-id.js';
import { exportKeyBytes, importSecret } from './secret.js';
import { signRequest } from './sign.js';
import { verifyRequestSignature } from './verify.js';

// docs/spec.md §16.2, written out here rather than taken from the code under test.
const SUBJECT_RULE = 'a subject is 1–64 characters of A–Z a–z 0–9 . _ ~ / + = @ -';
const MASTER = importSecret(Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i));
const FIELDS = { masterId: 'm2026', subject: 'user-8412', issuedAt: 1700000000, expires: 1700000900 };
const KEY_ID = 'swk1:m2026:user-8412:1700000000:1700000900';

/** §16.3 through node:crypto's HKDF: IKM master, no salt, info label ‖ 0x00 ‖ key id, L 32. */
function nodeHkdf(master: Uint8Array, keyId: string): Uint8Array {
  const info = Buffer.concat([Buffer.from('signwire-v1 issued key'), Buffer.from([0]), Buffer.from(keyId, 'ascii')]);
  return new Uint8Array(hkdfSync('sha256', master, new Uint8Array(0), info, 32));
}

describe('formatIssuedKeyId / parseIssuedKeyId', () => {
  it('writes the §16.2 example and reads it back', () => {
    expect(formatIssuedKeyId(FIELDS)).toBe(KEY_ID);
    expect(parseIssuedKeyId(KEY_ID)).toEqual(FIELDS);
  });

  it('round-trips any valid fields, and every key id it writes is a §2 key id', () => {
    const idChar = fc.constantFrom(...'ABCXYZabcxyz0189._~/+=@-');
    const field = (max: number) => fc.array(idChar, { minLength: 1, maxLength: max }).map((chars) => chars.join(''));
    const time = fc.integer({ min: 0, max: 999_999_999_998 });
    fc.assert(
      fc.property(field(16), field(64), time, fc.integer({ min: 1, max: 999_999_999_999 }), (masterId, subject, issuedAt, after) => {
        const expires = Math.min(issuedAt + after, 999_999_999_999);
        fc.pre(expires > issuedAt);
        const keyId = formatIssuedKeyId({ masterId, subject, issuedAt, expires });
        expect(KEY_ID_PATTERN.test(keyId)).toBe(true);
        expect(keyId.startsWith(ISSUED_KEY_PREFIX)).toBe(true);
        expect(parseIssuedKeyId(keyId)).toEqual({ masterId, subject, issuedAt, expires });
      }),
    );
  });

  it.each([
    ['another prefix', 'swk2:m2026:user-8412:1700000000:1700000900'],
    ['an upper-case prefix', 'SWK1:m2026:user-8412:1700000000:1700000900'],
    ['a leading zero', 'swk1:m2026:user-8412:01700000000:1700000900'],
    ['13 digits', 'swk1:m2026:user-8412:1700000000:1700000000000'],
    ['a sign', 'swk1:m2026:user-8412:+1700000000:1700000900'],
    ['expires equal to issued-at', 'swk1:m2026:user-8412:1700000900:1700000900'],
    ['expires before issued-at', 'swk1:m2026:user-8412:1700000900:1700000000'],
    ['six fields', 'swk1:m2026:user:8412:1700000000:1700000900'],
    ['an empty subject', 'swk1:m2026::1700000000:1700000900'],
    ['a 65-character subject', `swk1:m2026:${'s'.repeat(65)}:1700000000:1700000900`],
    ['a 17-character master id', `swk1:${'m'.repeat(17)}:user-8412:1700000000:1700000900`],
    ['a trailing newline', `${KEY_ID}\n`],
  ])('reads no fields from a key id with %s', (_name, keyId) => {
    expect(parseIssuedKeyId(keyId)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a subject with "|"', { subject: 'auth0|42' }, `subject "auth0|42" has "|" (U+007C) at character 6; ${SUBJECT_RULE}`],
    ['a subject with ":"', { subject: 'a:b' }, `subject "a:b" has ":" (U+003A) at character 2; ${SUBJECT_RULE}`],
    ['an empty subject', { subject: '' }, `the subject is empty; ${SUBJECT_RULE}`],
    ['a 65-character subject', { subject: 'x'.repeat(65) }, `the subject is 65 characters long; ${SUBJECT_RULE}`],
    [
      'an undefined subject',
      { subject: undefined },
      `subject is undefined, not a string (is the environment variable that should hold it unset?); ${SUBJECT_RULE}`,
    ],
    [
      'a master id with a space',
      { masterId: 'm 1' },
      'master id "m 1" has " " (U+0020) at character 2; a master id is 1–16 characters of A–Z a–z 0–9 . _ ~ / + = @ -',
    ],
    ['a fractional time', { issuedAt: 1700000000.5 }, 'issuedAt must be whole Unix seconds from 0 to 999999999999 (12 digits)'],
    ['a time in milliseconds', { expires: 1700000900000 }, 'expires must be whole Unix seconds from 0 to 999999999999 (12 digits)'],
    ['expires not later', { expires: 1700000000 }, 'expires (1700000000) must be later than issuedAt (1700000000)'],
  ])('refuses %s with CONFIGURATION_INVALID and says why', (_name, change, message) => {
    expect(() => formatIssuedKeyId({ ...FIELDS, ...change } as typeof FIELDS)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message }),
    );
  });

  it('describeIssuedKeyFieldProblem accepts every character of the alphabet', () => {
    expect(describeIssuedKeyFieldProblem('subject', 'AZaz09._~/+=@-', 64)).toBeUndefined();
  });
});

describe('createIssuedKeyDeriver', () => {
  it('derives the HKDF-SHA256 of §16.3, as node:crypto computes it', () => {
    const masterBytes = exportKeyBytes(MASTER);
    expect(toBase64Url(createIssuedKeyDeriver(MASTER)(KEY_ID))).toBe(toBase64Url(nodeHkdf(masterBytes, KEY_ID)));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.string({ maxLength: 112 }), (master, keyId) => {
        fc.pre(/^[\x21-\x7e]*$/.test(keyId));
        expect(createIssuedKeyDeriver(importSecret(master))(keyId)).toEqual(nodeHkdf(master, keyId));
      }),
    );
  });

  it('gives another key for any other key id (a later expiry, another subject)', () => {
    const derive = createIssuedKeyDeriver(MASTER);
    const key = toBase64Url(derive(KEY_ID));
    expect(toBase64Url(derive(KEY_ID.replace(':1700000900', ':1700003000')))).not.toBe(key);
    expect(toBase64Url(derive(KEY_ID.replace(':user-8412:', ':user-1:')))).not.toBe(key);
  });
});

describe('resolveIssuedKey', () => {
  const masters = new Map([['m2026', { derive: createIssuedKeyDeriver(MASTER), retired: false }]]);
  const find = (id: string) => masters.get(id);

  it('gives the derived key, the expiry as notAfter, the subject and issued-at', () => {
    const entry = resolveIssuedKey(KEY_ID, find, 3600);
    expect(entry).toMatchObject({ notAfter: 1700000900, retired: false, subject: 'user-8412', issuedAt: 1700000000 });
    expect(exportKeyBytes(entry?.key as never)).toEqual(nodeHkdf(exportKeyBytes(MASTER), KEY_ID));
  });

  it('knows no key id outside the grammar, under an unknown master, or with a lifetime over maxTtl', () => {
    expect(resolveIssuedKey('client-1', find, 3600)).toBeUndefined();
    expect(resolveIssuedKey(KEY_ID.replace('m2026', 'm9'), find, 3600)).toBeUndefined();
    expect(resolveIssuedKey(KEY_ID, find, 899)).toBeUndefined();
    expect(resolveIssuedKey(KEY_ID, find, 900)).toBeDefined();
  });
});

describe('checkRevocation', () => {
  const entry = { subject: 'user-8412', issuedAt: 1700000000 };

  it('refuses a key issued before the revocation time with KEY_REVOKED, naming the key and both times', () => {
    expect(() => checkRevocation(KEY_ID, entry, 1700000001)).toThrow(
      expect.objectContaining({
        code: 'KEY_REVOKED',
        status: 401,
        message: `the key "${KEY_ID}" was issued at 1700000000, before the keys of subject "user-8412" were revoked (1700000001): a new key must be issued`,
      }),
    );
  });

  it('accepts a key issued at or after it, and no revocation time at all', () => {
    expect(() => checkRevocation(KEY_ID, entry, 1700000000)).not.toThrow();
    expect(() => checkRevocation(KEY_ID, entry, undefined)).not.toThrow();
    expect(() => checkRevocation(KEY_ID, entry, null)).not.toThrow();
  });

  it.each([
    ['milliseconds', 1700000001000],
    ['NaN', Number.NaN],
    ['a Date', new Date(1700000001000)],
    ['a string', '1700000001'],
  ])('refuses a revocation time in %s as CONFIGURATION_INVALID: a mistake, not a revocation', (_name, value) => {
    expect(() => checkRevocation(KEY_ID, entry, value)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('revokedBefore("user-8412") returned') }),
    );
  });
});

describe('verifyRequestSignature with an issued key', () => {
  const derive = createIssuedKeyDeriver(MASTER);
  const request = { method: 'GET', url: 'https://api.example.com/v1/orders', headers: [] as [string, string][] };
  const signedAt = (created: number) => {
    const signed = signRequest({ request, key: importSecret(derive(KEY_ID)), keyId: KEY_ID, created, nonce: 'AAECAwQFBgcICQoLDA0ODw' });
    return { ...request, headers: [...Object.entries(signed.headers)] as [string, string][] };
  };
  const received = signedAt(1700000100);
  const masters = new Map([['m2026', { derive, retired: false }]]);
  const lookup = (confirm?: () => void | PromiseLike<void>) => (keyId: string) => {
    const entry = resolveIssuedKey(keyId, (id) => masters.get(id), 3600);
    return entry === undefined ? undefined : { ...entry, confirm };
  };

  it('reports the subject', () => {
    expect(verifyRequestSignature({ request: received, now: 1700000120, lookupKey: lookup() }).subject).toBe('user-8412');
  });

  it('runs confirm() after the MAC: a refusal there refuses the request', () => {
    const refuse = () => checkRevocation(KEY_ID, { subject: 'user-8412', issuedAt: 1700000000 }, 1700000060);
    expect(() => verifyRequestSignature({ request: received, now: 1700000120, lookupKey: lookup(refuse) })).toThrow(
      expect.objectContaining({ code: 'KEY_REVOKED' }),
    );
    let calls = 0;
    const tampered = { ...received, url: 'https://api.example.com/v1/admin' };
    expect(() => verifyRequestSignature({ request: tampered, now: 1700000120, lookupKey: lookup(() => void calls++) })).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
    );
    expect(calls).toBe(0);
  });

  it('refuses a confirm() that answers with a promise: the core verifier is synchronous', () => {
    expect(() => verifyRequestSignature({ request: received, now: 1700000120, lookupKey: lookup(() => Promise.resolve()) })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('@signwire/server') }),
    );
  });

  it('refuses the key from its expiry on with KEY_RETIRED, saying when it expired', () => {
    const late = signedAt(1700000850);
    expect(verifyRequestSignature({ request: late, now: 1700000899, lookupKey: lookup() }).subject).toBe('user-8412');
    expect(() => verifyRequestSignature({ request: late, now: 1700000900, lookupKey: lookup() })).toThrow(
      expect.objectContaining({
        code: 'KEY_RETIRED',
        message: `the key "${KEY_ID}" expired at 1700000900 (now 1700000900): it is retired`,
      }),
    );
  });
});
