// What a response signature covers by default beyond @status and the body (docs/spec.md §15.1):
// `location` and `content-encoding` when the response has them, so a Location or a content coding
// added, changed or stripped in transit is detected; and what a response verifier requires
// (§15.2 step 7): neither, since an HTTP client decodes a coded response before the digest is
// checked over what the application reads, and a proxy may compress a response signed over its
// decoded bytes.
import { describe, expect, it } from 'vitest';
import { importSecret, signRequest, signResponse, verifyResponseSignature } from '../src/index.js';
import { utf8 } from '../src/internal.js';

const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
type Lines = [string, string][];

const signed = signRequest({
  request: { method: 'POST', url: 'https://api.example.com/v1/orders', headers: [], body: '{"a":1}' },
  key,
  keyId: 'client-1',
  created: 1_700_000_000,
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
});
const request = { method: signed.method, url: signed.url, headers: Object.entries(signed.headers) as Lines };

function respond(status: number, headers: Lines, body?: string) {
  const parts = signResponse({ response: { status, headers, body }, request, key, keyId: 'client-1', created: 1_700_000_600 });
  return { parts, headers: [...headers, ...Object.entries(parts.headers)] as Lines, body: body === undefined ? undefined : utf8(body) };
}

function verdict(status: number, headers: Lines, body: Uint8Array | undefined): string {
  try {
    verifyResponseSignature({ response: { status, headers, body }, request, key, keyId: 'client-1' });
    return 'valid';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const BINDING = ['"@method";req', '"@authority";req', '"@path";req', '"@query";req', '"signature";key="sig1";req'];
const without = (lines: Lines, name: string): Lines => lines.filter(([n]) => n.toLowerCase() !== name);

describe('signResponse covers location and content-encoding when present', () => {
  it('201 with Location: "@status" "location" "content-type" "content-digest", then the binding', () => {
    const { parts } = respond(
      201,
      [
        ['Location', '/v1/orders/7'],
        ['Content-Type', 'application/json'],
      ],
      '{"id":7}',
    );
    expect(parts.covered).toEqual(['"@status"', '"location"', '"content-type"', '"content-digest"', ...BINDING]);
  });

  it('a coded body: "content-encoding" after "content-type", before "content-digest"', () => {
    const { parts } = respond(
      200,
      [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'gzip'],
      ],
      'coded bytes',
    );
    expect(parts.covered).toEqual(['"@status"', '"content-type"', '"content-encoding"', '"content-digest"', ...BINDING]);
  });

  it('a 303 without body still covers its Location', () => {
    expect(respond(303, [['Location', 'https://api.example.com/v1/orders/7']]).parts.covered).toEqual([
      '"@status"',
      '"location"',
      ...BINDING,
    ]);
  });

  it('refuses location as an extra when the response has one (a repeated default: COMPONENT_UNSUPPORTED)', () => {
    const sign = () =>
      signResponse({
        response: { status: 201, headers: [['Location', '/x']] },
        request,
        key,
        keyId: 'client-1',
        created: 1_700_000_600,
        components: ['location'],
      });
    expect(sign).toThrow(expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }));
  });
});

describe('a Location changed in transit is detected; uncovered fields do not make a response invalid', () => {
  const created = respond(201, [['Location', '/v1/orders/7']], '{"id":7}');

  it('the signed response verifies', () => {
    expect(verdict(201, created.headers, created.body)).toBe('valid');
  });

  it('Location changed: SIGNATURE_INVALID', () => {
    expect(verdict(201, [...without(created.headers, 'location'), ['Location', 'https://evil.example/']], created.body)).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('Location stripped: COMPONENT_UNAVAILABLE', () => {
    expect(verdict(201, without(created.headers, 'location'), created.body)).toBe('COMPONENT_UNAVAILABLE');
  });

  it('Location, Set-Cookie or Content-Encoding added to a response that had none: still valid, and not covered', () => {
    const plain = respond(200, [['Content-Type', 'application/json']], '{"ok":true}');
    const added: Lines = [...plain.headers, ['Location', '/x'], ['Set-Cookie', 'sid=1'], ['Content-Encoding', 'gzip']];
    expect(verdict(200, added, plain.body)).toBe('valid');
    expect(plain.parts.covered).not.toContain('"location"');
  });
});
