// Round trips through signRequest → verifyRequestSignature, and one tampering per covered part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComponentInput,
  canonicalJson,
  importSecret,
  type SignableRequest,
  type SignRequestInput,
  signRequest,
  verifyRequestSignature,
} from '../src/index.js';
import { checkExtraComponents } from '../src/internal.js';

const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const NOW = 1_700_000_010;
const base: SignRequestInput = {
  request: {
    method: 'post',
    url: 'https://api.example.com/v1/orders?dry_run=1',
    headers: [
      ['Content-Type', 'application/json'],
      ['X-Request-Id', 'r-1'],
    ],
    body: canonicalJson({ item: 'book', qty: 2 }),
  },
  key,
  keyId: 'client-1',
  created: 1_700_000_000,
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  components: ['x-request-id'],
};

function received(input: SignRequestInput = base): { method: string; url: string; headers: [string, string][]; body: Uint8Array } {
  const signed = signRequest(input);
  const headers = [...(input.request.headers as [string, string][])];
  for (const [name, value] of Object.entries(signed.headers)) headers.push([name, value]);
  return { method: signed.method, url: signed.url, headers, body: signed.body ?? new Uint8Array(0) };
}

function verify(request: SignableRequest, extra: Partial<Parameters<typeof verifyRequestSignature>[0]> = {}) {
  return verifyRequestSignature({ request, now: NOW, lookupKey: (id) => (id === 'client-1' ? { key } : undefined), ...extra });
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'OK';
}

describe('sign → verify', () => {
  it('accepts the untouched request and reports what it verified', () => {
    const result = verify(received());
    expect(result).toMatchObject({
      keyId: 'client-1',
      created: 1_700_000_000,
      nonce: 'AAECAwQFBgcICQoLDA0ODw',
      replayWindowEnd: 1_700_000_300,
    });
    expect(result.covered).toEqual([
      '"@method"',
      '"@authority"',
      '"@path"',
      '"@query"',
      '"content-type"',
      '"content-digest"',
      '"x-request-id"',
    ]);
    expect(new TextDecoder().decode(result.body)).toBe('{"item":"book","qty":2}');
  });

  const tamper: [string, (r: ReturnType<typeof received>) => void, string][] = [
    [
      'method',
      (r) => {
        r.method = 'PUT';
      },
      'SIGNATURE_INVALID',
    ],
    [
      'authority',
      (r) => {
        r.url = r.url.replace('api.example.com', 'evil.example.com');
      },
      'SIGNATURE_INVALID',
    ],
    [
      'path',
      (r) => {
        r.url = r.url.replace('/v1/orders', '/v1/admin');
      },
      'SIGNATURE_INVALID',
    ],
    [
      'path via dot segments',
      (r) => {
        r.url = r.url.replace('/v1/orders', '/v1/x/../orders');
      },
      'URL_INVALID',
    ],
    [
      'query',
      (r) => {
        r.url = r.url.replace('dry_run=1', 'dry_run=0');
      },
      'SIGNATURE_INVALID',
    ],
    [
      'covered header',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, n === 'X-Request-Id' ? 'r-2' : v]);
      },
      'SIGNATURE_INVALID',
    ],
    [
      'one body byte',
      (r) => {
        r.body = r.body.map((b, i) => (i === 3 ? b ^ 1 : b));
      },
      'DIGEST_MISMATCH',
    ],
    [
      'body removed',
      (r) => {
        r.body = new Uint8Array(0);
      },
      'DIGEST_MISMATCH',
    ],
    [
      'created',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace('created=1700000000', 'created=1700000001')]);
      },
      'SIGNATURE_INVALID',
    ],
    [
      'nonce',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace('AAECAwQFBgcICQoLDA0ODw', 'AAECAwQFBgcICQoLDA0ODx')]);
      },
      'SIGNATURE_INVALID',
    ],
    [
      'keyid',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace('keyid="client-1"', 'keyid="client-2"')]);
      },
      'KEY_UNKNOWN',
    ],
    [
      'a component dropped',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace(' "x-request-id"', '')]);
      },
      'SIGNATURE_INVALID',
    ],
    [
      'components reordered',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace('"@path" "@query"', '"@query" "@path"')]);
      },
      'SIGNATURE_INVALID',
    ],
    [
      '@query dropped',
      (r) => {
        r.headers = r.headers.map(([n, v]) => [n, v.replace(' "@query"', '')]);
      },
      'COMPONENT_MISSING',
    ],
    [
      'signature removed',
      (r) => {
        r.headers = r.headers.filter(([n]) => n !== 'signature');
      },
      'SIGNATURE_MISSING',
    ],
  ];
  it.each(tamper)('tampered %s → %s', (_name, change, expected) => {
    const request = received();
    change(request);
    expect(code(() => verify(request))).toBe(expected);
  });

  it('refuses a replayed nonce only after the MAC verified', () => {
    const seen = new Set<string>();
    const isNonceSeen = (k: string, n: string) => seen.has(`${k} ${n}`);
    const request = received();
    const ok = verify(request, { isNonceSeen });
    seen.add(`${ok.keyId} ${ok.nonce}`);
    expect(code(() => verify(request, { isNonceSeen }))).toBe('NONCE_REPLAYED');
    const forged = received();
    forged.method = 'DELETE';
    let asked = false;
    expect(
      code(() =>
        verify(forged, {
          isNonceSeen: () => {
            asked = true;
            return false;
          },
        }),
      ),
    ).toBe('SIGNATURE_INVALID');
    expect(asked).toBe(false);
  });
});

describe('properties (fast-check)', () => {
  const jsonValue = fc.jsonValue({ maxDepth: 4 });

  it('canonicalJson is idempotent: canonical(parse(canonical(x))) === canonical(x)', () => {
    fc.assert(
      fc.property(jsonValue, (value) => canonicalJson(JSON.parse(canonicalJson(value))) === canonicalJson(value)),
      { numRuns: 500 },
    );
  });

  it('any signed request with arbitrary path, query, header and body verifies', () => {
    const segment = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 4 }),
        fc.string({ maxLength: 20 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.stringMatching(/^[!-~]{0,20}$/),
        (path, query, body, header) => {
          const url = `https://api.example.com/${path.map(encodeURIComponent).join('/')}?${encodeURIComponent(query)}`;
          const request = received({ ...base, request: { method: 'POST', url, headers: [['x-request-id', header]], body } });
          return verify(request).nonce === base.nonce;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('checkExtraComponents (docs/spec.md §6 order: identifier, forbidden field, repeat)', () => {
  it.each([
    [['Host'], 'COMPONENT_INVALID'],
    [['host'], 'HEADER_FORBIDDEN'],
    [['x-a', 'sec-fetch-site'], 'HEADER_FORBIDDEN'],
    [['x-a', 'x-a'], 'COMPONENT_UNSUPPORTED'],
    [['@path'], 'COMPONENT_UNSUPPORTED'],
    [[{ name: 'x-a', params: { req: true } }], 'COMPONENT_UNSUPPORTED'],
  ] as [ComponentInput[], string][])('%j → %s', (extras, expected) => expect(code(() => checkExtraComponents(extras))).toBe(expected));

  it('returns the checked identifiers', () => {
    expect(checkExtraComponents(['x-a', { name: '@query-param', params: { name: 'q' } }])).toEqual([
      { name: 'x-a' },
      { name: '@query-param', params: { name: 'q' } },
    ]);
  });
});

describe('a body digest computed natively', () => {
  it('gives the same signature as hashing in core', async () => {
    const body = new Uint8Array(10_000).map((_, i) => i & 0xff);
    const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
    const input = { ...base, request: { ...base.request, body } };
    expect(signRequest({ ...input, bodySha256: sha }).headers).toEqual(signRequest(input).headers);
  });
  it('refuses a digest of the wrong length', () => {
    expect(code(() => signRequest({ ...base, bodySha256: new Uint8Array(31) }))).toBe('CONFIGURATION_INVALID');
  });
});
