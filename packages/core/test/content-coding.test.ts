// A content coding changed in transit: the bytes stay, how the application reads them changes. A
// man-in-the-middle adds `Content-Encoding: gzip` to a signed upload or strips it from a signed gzip
// body; the signer covers the field when present and the verifier requires it, as for Content-Type
// (docs/spec.md §6, §9 step 8).
import { describe, expect, it } from 'vitest';
import { importSecret, type SignRequestInput, signRequest, verifyRequestSignature } from '../src/index.js';

const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
// gzip('{"a":1}') (mtime 0): a body that means one thing as sent and another once decoded.
const GZIP_BODY = new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 74, 84, 178, 50, 172, 5, 0, 175, 172, 27, 86, 7, 0, 0, 0]);

type Lines = [string, string][];

/** Signs a request; `body` null: no body. */
function signed(headers: Lines, body: Uint8Array | string | null = GZIP_BODY, method = 'POST') {
  const input: SignRequestInput = {
    request: { method, url: 'https://api.example.com/v1/uploads', headers, body: body ?? undefined },
    key,
    keyId: 'client-1',
    created: 1_700_000_000,
    nonce: 'AAECAwQFBgcICQoLDA0ODw',
  };
  const parts = signRequest(input);
  return { parts, received: { method: parts.method, url: parts.url, headers: [...headers, ...Object.entries(parts.headers)] as Lines } };
}

function verdict(method: string, url: string, headers: Lines, body: Uint8Array | undefined): string {
  try {
    verifyRequestSignature({ request: { method, url, headers, body }, now: 1_700_000_010, lookupKey: () => ({ key }) });
    return 'valid';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const withoutField = (lines: Lines, name: string): Lines => lines.filter(([n]) => n.toLowerCase() !== name);

describe('Content-Encoding is covered when present (signer)', () => {
  it('covers it after content-type and before content-digest', () => {
    const { parts } = signed([
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ]);
    expect(parts.covered).toEqual([
      '"@method"',
      '"@authority"',
      '"@path"',
      '"@query"',
      '"content-type"',
      '"content-encoding"',
      '"content-digest"',
    ]);
    expect(parts.signatureBase).toContain('\n"content-encoding": gzip\n');
  });

  it('covers it on a request without a body too, as content-type is', () => {
    const { parts } = signed([['Content-Encoding', 'gzip']], null, 'DELETE');
    expect(parts.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"', '"content-encoding"']);
  });

  it('does not cover it when the request has none', () => {
    const { parts } = signed([['Content-Type', 'application/json']], '{"a":1}');
    expect(parts.covered).not.toContain('"content-encoding"');
  });

  it('refuses it as an extra component when it is already a default (COMPONENT_UNSUPPORTED)', () => {
    const input: SignRequestInput = {
      request: { method: 'POST', url: 'https://api.example.com/v1/uploads', headers: [['Content-Encoding', 'gzip']], body: GZIP_BODY },
      key,
      keyId: 'client-1',
      created: 1_700_000_000,
      nonce: 'AAECAwQFBgcICQoLDA0ODw',
      components: ['content-encoding'],
    };
    expect(() => signRequest(input)).toThrow(expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }));
  });
});

describe('a content coding added, stripped or changed in transit is refused (verifier)', () => {
  it('the signed gzip upload verifies as sent', () => {
    const { parts, received } = signed([
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ]);
    expect(verdict(parts.method, parts.url, received.headers, GZIP_BODY)).toBe('valid');
  });

  it('Content-Encoding added to a signed upload without one: COMPONENT_MISSING', () => {
    const { parts, received } = signed([['Content-Type', 'application/octet-stream']]);
    expect(verdict(parts.method, parts.url, [...received.headers, ['Content-Encoding', 'gzip']], GZIP_BODY)).toBe('COMPONENT_MISSING');
  });

  it('Content-Encoding stripped from a signed gzip upload: COMPONENT_UNAVAILABLE', () => {
    const { parts, received } = signed([
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ]);
    expect(verdict(parts.method, parts.url, withoutField(received.headers, 'content-encoding'), GZIP_BODY)).toBe('COMPONENT_UNAVAILABLE');
  });

  it('Content-Encoding changed (gzip → identity): SIGNATURE_INVALID', () => {
    const { parts, received } = signed([['Content-Encoding', 'gzip']]);
    const changed: Lines = [...withoutField(received.headers, 'content-encoding'), ['Content-Encoding', 'identity']];
    expect(verdict(parts.method, parts.url, changed, GZIP_BODY)).toBe('SIGNATURE_INVALID');
  });

  it('a second Content-Encoding line appended (gzip, gzip): SIGNATURE_INVALID', () => {
    const { parts, received } = signed([['Content-Encoding', 'gzip']]);
    expect(verdict(parts.method, parts.url, [...received.headers, ['Content-Encoding', 'gzip']], GZIP_BODY)).toBe('SIGNATURE_INVALID');
  });

  it('content-encoding dropped from Signature-Input: COMPONENT_MISSING', () => {
    const { parts, received } = signed([['Content-Encoding', 'gzip']]);
    const edited = received.headers.map(([n, v]): [string, string] =>
      n === 'signature-input' ? [n, v.replace(' "content-encoding"', '')] : [n, v],
    );
    expect(verdict(parts.method, parts.url, edited, GZIP_BODY)).toBe('COMPONENT_MISSING');
  });

  it('a request without a body does not have to cover it (nothing is read by it), as for Content-Type', () => {
    const { parts, received } = signed([], null, 'GET');
    expect(verdict(parts.method, parts.url, [...received.headers, ['Content-Encoding', 'gzip']], undefined)).toBe('valid');
  });
});
