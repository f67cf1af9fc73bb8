// Property tests (fast-check): arbitrary requests — methods, unicode paths and queries, header
// sets, text / bytes / JSON bodies — sign then verify; any single change to a covered part is
// rejected with the expected code.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildRequest,
  getHeader,
  type Headers,
  NOW,
  type Received,
  requestArb,
  type Signed,
  setHeader,
  sign,
  verify,
} from '../helpers/core-requests.js';

const RUNS = 300;
const counts: Record<string, number> = {};

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`properties: ${Object.keys(counts).length} properties, ${total} runs passed`);
  for (const [name, n] of Object.entries(counts)) console.log(`  ${name}: ${n}`);
});

function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns = RUNS): void {
  counts[name] = 0;
  fc.assert(
    fc.property(arb, (value) => {
      predicate(value);
      counts[name] = (counts[name] ?? 0) + 1;
    }),
    { numRuns },
  );
}

const signedArb = requestArb.map((spec) => {
  const request = buildRequest(spec);
  return { spec, request, signed: sign(request) };
});

function withInput(signed: Signed, edit: (inner: string[], params: string) => [string[], string]): Received {
  const match = /^sig1=\((.*)\)(.*)$/.exec(signed.signatureInput);
  if (match === null) throw new Error(`unexpected Signature-Input ${signed.signatureInput}`);
  const inner = (match[1] ?? '').split(' ').filter((s) => s.length > 0);
  const [items, params] = edit(inner, match[2] ?? '');
  return { ...signed, headers: setHeader(signed.headers, 'signature-input', `sig1=(${items.join(' ')})${params}`) };
}

function withUrl(signed: Signed, edit: (url: URL) => void): Received {
  const url = new URL(signed.url);
  edit(url);
  return { ...signed, url: url.href };
}

describe('sign → verify', () => {
  it('every arbitrary request verifies, and its replay does not', () => {
    check(
      'sign→verify',
      signedArb,
      ({ signed }) => {
        expect(verify(signed)).toBe('ok');
        expect(verify(signed, { seen: new Set([`client-1:${signed.nonce}`]) })).toBe('NONCE_REPLAYED');
      },
      1000,
    );
  });
});

describe('any single change to a covered part is rejected', () => {
  it('method', () => {
    check('tamper method', signedArb, ({ signed }) => {
      const other = signed.method === 'DELETE' ? 'PUT' : 'DELETE';
      expect(verify({ ...signed, method: other })).toBe('SIGNATURE_INVALID');
    });
  });
  it('authority', () => {
    check(
      'tamper authority',
      fc.tuple(signedArb, fc.constantFrom('evil.example.com', 'api.example.com:8443', 'api.example.co')),
      ([{ signed }, host]) => {
        const tampered = withUrl(signed, (url) => {
          url.host = host;
        });
        fc.pre(new URL(tampered.url).host !== new URL(signed.url).host);
        expect(verify(tampered)).toBe('SIGNATURE_INVALID');
      },
    );
  });
  it('path', () => {
    check('tamper path', fc.tuple(signedArb, fc.constantFrom('/admin', '/x', '/%2e', '/A')), ([{ signed }, suffix]) => {
      const url = new URL(signed.url);
      // A dot segment is refused before the MAC (spec §4.2); any other path change fails the MAC.
      const expected = suffix === '/%2e' ? 'URL_INVALID' : 'SIGNATURE_INVALID';
      expect(verify({ ...signed, url: `${url.origin}${url.pathname}${suffix}${url.search}` })).toBe(expected);
    });
  });
  it('query', () => {
    check('tamper query', fc.tuple(signedArb, fc.constantFrom('&admin=1', 'x', '?')), ([{ signed }, extra]) => {
      const url = new URL(signed.url);
      const query = url.search === '' && extra === '?' ? '??' : `${url.search === '' ? '?' : url.search}${extra}`;
      expect(verify({ ...signed, url: `${url.origin}${url.pathname}${query}` })).toBe('SIGNATURE_INVALID');
    });
  });
  it('a covered header', () => {
    const arb = signedArb.filter(({ request }) => request.headers.length > 0);
    check('tamper covered header', fc.tuple(arb, fc.nat()), ([{ signed, request }, pick]) => {
      const [name, value] = request.headers[pick % request.headers.length] as [string, string];
      expect(verify({ ...signed, headers: setHeader(signed.headers, name, `${value}x`) })).toBe('SIGNATURE_INVALID');
    });
  });
  it('one body byte', () => {
    const arb = signedArb.filter(({ signed }) => signed.body !== undefined && signed.body.length > 0);
    check('tamper body byte', fc.tuple(arb, fc.nat(), fc.integer({ min: 1, max: 255 })), ([{ signed }, at, xor]) => {
      const body = Uint8Array.from(signed.body as Uint8Array);
      const index = at % body.length;
      body[index] = (body[index] as number) ^ xor;
      expect(verify({ ...signed, body })).toBe('DIGEST_MISMATCH');
    });
  });
  it('created', () => {
    check(
      'tamper created',
      fc.tuple(
        signedArb,
        fc.integer({ min: -200, max: 50 }).filter((d) => d !== 0),
      ),
      ([{ signed }, delta]) => {
        const tampered = withInput(signed, (inner, params) => [inner, params.replace(/created=\d+/, `created=${NOW + delta}`)]);
        expect(verify(tampered)).toBe('SIGNATURE_INVALID');
      },
    );
  });
  it('nonce', () => {
    check('tamper nonce', signedArb, ({ signed }) => {
      const tampered = withInput(signed, (inner, params) => [
        inner,
        params.replace(/nonce="(.)/, (_m, c: string) => `nonce="${c === 'A' ? 'B' : 'A'}`),
      ]);
      expect(verify(tampered)).toBe('SIGNATURE_INVALID');
    });
  });
  it('keyid (another known key: SIGNATURE_INVALID; an unknown one: KEY_UNKNOWN)', () => {
    check('tamper keyid', signedArb, ({ signed }) => {
      expect(verify(withInput(signed, (inner, params) => [inner, params.replace('keyid="client-1"', 'keyid="client-2"')]))).toBe(
        'SIGNATURE_INVALID',
      );
      expect(verify(withInput(signed, (inner, params) => [inner, params.replace('keyid="client-1"', 'keyid="client-3"')]))).toBe(
        'KEY_UNKNOWN',
      );
    });
  });
  it('a component dropped from Signature-Input', () => {
    check('drop component', fc.tuple(signedArb, fc.nat()), ([{ signed }, pick]) => {
      let dropped = '';
      const tampered = withInput(signed, (inner, params) => {
        const index = pick % inner.length;
        dropped = inner[index] as string;
        return [inner.filter((_, i) => i !== index), params];
      });
      const expected = dropped.startsWith('"@')
        ? 'COMPONENT_MISSING'
        : dropped === '"content-digest"'
          ? 'DIGEST_MISSING'
          : dropped === '"content-type"'
            ? 'COMPONENT_MISSING'
            : 'SIGNATURE_INVALID';
      expect(verify(tampered)).toBe(expected);
    });
  });
  it('components reordered in Signature-Input', () => {
    check('reorder components', fc.tuple(signedArb, fc.nat(), fc.nat()), ([{ signed }, i, j]) => {
      const tampered = withInput(signed, (inner, params) => {
        const a = i % inner.length;
        let b = j % inner.length;
        if (a === b) b = (b + 1) % inner.length;
        const copy = [...inner];
        [copy[a], copy[b]] = [copy[b] as string, copy[a] as string];
        return [copy, params];
      });
      expect(verify(tampered)).toBe('SIGNATURE_INVALID');
    });
  });
  it('the signature value itself (one bit)', () => {
    check('tamper MAC bit', fc.tuple(signedArb, fc.integer({ min: 0, max: 255 })), ([{ signed }, bit]) => {
      const mac = Buffer.from(/:(.*):/.exec(signed.signature)?.[1] ?? '', 'base64');
      mac[bit >> 3] = (mac[bit >> 3] as number) ^ (1 << (bit & 7));
      const headers: Headers = setHeader(signed.headers, 'signature', `sig1=:${mac.toString('base64')}:`);
      expect(getHeader(headers, 'signature')).not.toBe(signed.signature);
      expect(verify({ ...signed, headers })).toBe('SIGNATURE_INVALID');
    });
  });
});
