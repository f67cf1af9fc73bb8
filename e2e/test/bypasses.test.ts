// Classic signature-verification bypasses, one test each, against core's verifier with raw field
// lines (no Fetch Headers normalization in between).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getHeader, type Headers, NOW, ORIGIN, type Received, type Signed, setHeader, sign, verify } from '../helpers/core-requests.js';

const post = () =>
  sign({ method: 'POST', url: `${ORIGIN}/v1/orders?b=2&a=1`, headers: [['Content-Type', 'application/json']], body: '{"qty":1}' });
const get = (path = '/admin') => sign({ method: 'GET', url: `${ORIGIN}${path}` });
const withHeaders = (signed: Signed, headers: Headers): Received => ({ ...signed, headers });
const macOf = (signed: Signed) => /:(.*):/.exec(signed.signature)?.[1] ?? '';
const target = (signed: Signed, rawTarget: string): Received => ({ ...signed, url: ORIGIN + rawTarget });

describe('classic bypasses', () => {
  it('control: the untouched request verifies', () => {
    expect(verify(post())).toBe('ok');
  });
  it('signature header names in other casing are the same fields (still verifies, no second reading)', () => {
    const s = post();
    const headers = s.headers.map(([n, v]): [string, string] => [n.toLowerCase().startsWith('signature') ? n.toUpperCase() : n, v]);
    expect(verify(withHeaders(s, headers))).toBe('ok');
  });
  // Repeated lines combine into one dictionary; RFC 8941 lets the last `sig1` member win, so the
  // attacker's member is the one checked — and it fails.
  it('a repeated Signature header (second line with another MAC) is refused', () => {
    const s = post();
    expect(verify(withHeaders(s, [...s.headers, ['signature', `sig1=:${Buffer.alloc(32).toString('base64')}:`]]))).toBe(
      'SIGNATURE_INVALID',
    );
  });
  it('a repeated Signature-Input line (a second, weaker sig1) is refused', () => {
    const s = post();
    expect(verify(withHeaders(s, [...s.headers, ['signature-input', 'sig1=("@method");created=1700000000']]))).toBe('PARAMETER_MISSING');
    const weaker = `sig1=("@method");created=${NOW};nonce="${s.nonce}";keyid="client-1";alg="hmac-sha256";tag="signwire-v1"`;
    expect(verify(withHeaders(s, [...s.headers, ['signature-input', weaker]]))).toBe('COMPONENT_MISSING');
  });
  it('two Signature entries: a forged sig2 next to a valid sig1 — only the policy label decides', () => {
    const s = post();
    const forged = withHeaders(s, [
      ...setHeader(
        setHeader(s.headers, 'signature', `sig2=:${macOf(s)}:, sig1=:${Buffer.alloc(32).toString('base64')}:`),
        'signature-input',
        `${s.signatureInput}`,
      ),
    ]);
    expect(verify(forged)).toBe('SIGNATURE_INVALID');
  });
  it('a label the Signature-Input does not have', () => {
    const s = post();
    const headers = setHeader(
      setHeader(s.headers, 'signature-input', s.signatureInput.replace(/^sig1=/, 'sig9=')),
      'signature',
      s.signature.replace(/^sig1=/, 'sig9='),
    );
    expect(verify(withHeaders(s, headers))).toBe('SIGNATURE_MISSING');
  });
  it('an empty signature', () => {
    const s = post();
    expect(verify(withHeaders(s, setHeader(s.headers, 'signature', 'sig1=::')))).toBe('SIGNATURE_INVALID');
  });
  it('an empty Signature field value', () => {
    const s = post();
    expect(verify(withHeaders(s, setHeader(s.headers, 'signature', '')))).toBe('SIGNATURE_MALFORMED');
  });
  it('a truncated MAC (16 of 32 bytes)', () => {
    const s = post();
    const short = Buffer.from(macOf(s), 'base64').subarray(0, 16).toString('base64');
    expect(verify(withHeaders(s, setHeader(s.headers, 'signature', `sig1=:${short}:`)))).toBe('SIGNATURE_INVALID');
  });
  it('a MAC made with another key id’s key, presented under client-1', () => {
    const other = sign({ method: 'GET', url: `${ORIGIN}/admin` }, { keyId: 'client-2' });
    const asClient1 = withHeaders(
      other,
      setHeader(other.headers, 'signature-input', other.signatureInput.replace('keyid="client-2"', 'keyid="client-1"')),
    );
    expect(verify(asClient1)).toBe('SIGNATURE_INVALID');
  });
  it('alg switched (hmac-sha512, rsa-pss-sha512, a token, missing)', () => {
    const s = get();
    const alg = (replacement: string) =>
      withHeaders(s, setHeader(s.headers, 'signature-input', s.signatureInput.replace('alg="hmac-sha256"', replacement)));
    expect(verify(alg('alg="hmac-sha512"'))).toBe('ALGORITHM_UNSUPPORTED');
    expect(verify(alg('alg="rsa-pss-sha512"'))).toBe('ALGORITHM_UNSUPPORTED');
    expect(verify(alg('alg=hmac-sha256'))).toBe('ALGORITHM_UNSUPPORTED');
    expect(verify(withHeaders(s, setHeader(s.headers, 'signature-input', s.signatureInput.replace(';alg="hmac-sha256"', ''))))).toBe(
      'PARAMETER_MISSING',
    );
  });
  it('expires in the past', () => {
    const s = sign({ method: 'GET', url: `${ORIGIN}/admin` }, { created: NOW - 100, expires: NOW - 10 });
    expect(verify(s)).toBe('SIGNATURE_EXPIRED');
  });
  it('created far in the future (a pre-minted signature)', () => {
    expect(verify(sign({ method: 'GET', url: `${ORIGIN}/admin` }, { created: NOW + 86_400 }))).toBe('SIGNATURE_FROM_FUTURE');
    expect(verify(sign({ method: 'GET', url: `${ORIGIN}/admin` }, { created: NOW + 61 }))).toBe('SIGNATURE_FROM_FUTURE');
  });
  it('GET without a signature', () => {
    expect(verify({ method: 'GET', url: `${ORIGIN}/admin`, headers: [], body: undefined })).toBe('SIGNATURE_MISSING');
    const s = get();
    expect(
      verify(
        withHeaders(
          s,
          s.headers.filter(([n]) => n !== 'Signature'),
        ),
      ),
    ).toBe('SIGNATURE_MISSING');
  });
  describe('path tricks: a signature for one path never verifies for another spelling', () => {
    const signedFor = get('/a/admin');
    // Dot segments never reach the MAC: routers resolve them, so the verifier refuses them (spec §4.2).
    for (const [raw, code] of [
      ['/a/../admin', 'URL_INVALID'],
      ['/a/%2e%2e/admin', 'URL_INVALID'],
      ['/a/./admin', 'URL_INVALID'],
      ['/a%2Fadmin', 'SIGNATURE_INVALID'],
      ['/a//admin', 'SIGNATURE_INVALID'],
      ['//a/admin', 'SIGNATURE_INVALID'],
      ['/a/admin.', 'SIGNATURE_INVALID'],
      ['/a/admin/', 'SIGNATURE_INVALID'],
      ['/A/admin', 'SIGNATURE_INVALID'],
      ['/a/%61dmin', 'SIGNATURE_INVALID'],
    ] as const) {
      it(`${raw} → ${code}`, () => {
        expect(verify(target(signedFor, raw))).toBe(code);
      });
    }
    it('the signer signs what it sends: /x/../admin is signed (and must arrive) as /admin', () => {
      const s = get('/x/../admin');
      expect(new URL(s.url).pathname).toBe('/admin');
      expect(verify(target(s, '/admin'))).toBe('ok');
      expect(verify(target(s, '/x/../admin'))).toBe('URL_INVALID');
    });
  });
  it('query reordering', () => {
    const s = post();
    expect(verify(target(s, '/v1/orders?a=1&b=2'))).toBe('SIGNATURE_INVALID');
    expect(verify(target(s, '/v1/orders?b=2&a=1&a=1'))).toBe('SIGNATURE_INVALID');
    expect(verify(target(s, '/v1/orders?b=2&a=1'))).toBe('ok');
  });
  it('header folding / splitting a covered header over two lines', () => {
    const s = sign({ method: 'GET', url: `${ORIGIN}/x`, headers: [['x-role', 'user']], components: ['x-role'] });
    expect(verify(s)).toBe('ok');
    const roleAt = s.headers.findIndex(([n]) => n === 'x-role');
    const split = [...s.headers];
    split.splice(roleAt, 1, ['x-role', 'user'], ['X-Role', 'admin']);
    expect(verify(withHeaders(s, split))).toBe('SIGNATURE_INVALID');
    expect(verify(withHeaders(s, setHeader(s.headers, 'x-role', 'user\r\n admin')))).not.toBe('ok');
    expect(verify(withHeaders(s, setHeader(s.headers, 'x-role', 'user admin')))).toBe('SIGNATURE_INVALID');
  });
  it('a covered header removed entirely', () => {
    const s = sign({ method: 'GET', url: `${ORIGIN}/x`, headers: [['x-role', 'user']], components: ['x-role'] });
    expect(
      verify(
        withHeaders(
          s,
          s.headers.filter(([n]) => n !== 'x-role'),
        ),
      ),
    ).toBe('COMPONENT_UNAVAILABLE');
  });
  it('the body swapped while Content-Digest is kept, or the digest recomputed for the new body', () => {
    const s = post();
    expect(verify({ ...s, body: new TextEncoder().encode('{"qty":9}') })).toBe('DIGEST_MISMATCH');
    const digest = `sha-256=:${sha256Base64('{"qty":9}')}:`;
    expect(verify({ ...s, body: new TextEncoder().encode('{"qty":9}'), headers: setHeader(s.headers, 'content-digest', digest) })).toBe(
      'SIGNATURE_INVALID',
    );
    expect(getHeader(s.headers, 'content-digest')).not.toBe(digest);
  });
});

function sha256Base64(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
