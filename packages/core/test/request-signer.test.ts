// The prepared signer: every signing vector through both of its paths (WebCrypto and a HashProvider),
// its precomputed @signature-params against the structured-headers serializer, and each of its rejections.
import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type BareItem, type InnerList, serializeInnerList } from 'structured-headers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSignCaseWithWebCrypto } from '../bin/vector-runner.mjs';
import * as corePublic from '../src/index.js';
import * as coreInternal from '../src/internal.js';

const core = { ...corePublic, ...coreInternal };

import { exportKeyBytes } from '../src/secret.js';
import { toParameterMap } from '../src/signature-params.js';

const DIR = join(import.meta.dirname, '../../../test-vectors/vectors');
const signCases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')))
  .filter((doc) => doc.kind === 'sign')
  .flatMap((doc) => doc.groups.flatMap((g: { cases: { id: string; input: unknown; expected: Record<string, unknown> }[] }) => g.cases));

const KEY = core.importSecret(new Uint8Array(32).fill(7));
const NONCE = 'AAAAAAAAAAAAAAAAAAAAAA';
const nodeHashes: corePublic.HashProvider = {
  sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
  hmacSha256: (key, data) => new Uint8Array(createHmac('sha256', key).update(data).digest()),
};
const post = {
  method: 'POST',
  url: 'https://api.example.com/v1/orders?x=1',
  headers: { 'content-type': 'application/json' },
  body: '{"a":1}',
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createRequestSigner().signWithWebCrypto', () => {
  it(`gives every signing vector's expected result (${signCases.length} cases; values computed by the Python implementation)`, async () => {
    expect(signCases.length).toBeGreaterThanOrEqual(60);
    for (const testCase of signCases) {
      const actual = await runSignCaseWithWebCrypto(core, testCase.input);
      for (const [name, value] of Object.entries(testCase.expected)) {
        expect({ id: testCase.id, [name]: actual[name] }).toEqual({ id: testCase.id, [name]: value });
      }
    }
  });

  it('imports the key into WebCrypto once per signer, as non-extractable', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    await signer.signWithWebCrypto(post, { created: 1, nonce: NONCE });
    await signer.signWithWebCrypto(post, { created: 2, nonce: NONCE });
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]?.[3]).toBe(false);
  });

  it('uses a given bodySha256 instead of hashing the body', async () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    const digest = new Uint8Array(32).fill(1);
    const parts = await signer.signWithWebCrypto(post, { created: 1, nonce: NONCE, bodySha256: digest });
    expect(parts.headers['content-digest']).toBe(`sha-256=:${Buffer.from(digest).toString('base64')}:`);
  });

  it('refuses with CONFIGURATION_INVALID, before hashing, where the runtime has no crypto.subtle', async () => {
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    await expect(signer.signWithWebCrypto(post, { created: 1, nonce: NONCE })).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      message: expect.stringContaining('crypto.subtle is not available'),
    });
    await expect(
      signer.signWithWebCrypto({ method: 'GET', url: 'https://a.example/' }, { created: 1, nonce: NONCE }),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
    });
  });

  it('tries the key import again after a failed one', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('transient'));
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    await expect(signer.signWithWebCrypto(post, { created: 1, nonce: NONCE })).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      cause: expect.objectContaining({ message: 'transient' }),
    });
    await expect(signer.signWithWebCrypto(post, { created: 1, nonce: NONCE })).resolves.toHaveProperty('headers');
    expect(importKey).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['digest', () => vi.spyOn(globalThis.crypto.subtle, 'digest').mockRejectedValueOnce(new DOMException('no', 'OperationError'))],
    ['importKey', () => vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValueOnce(new DOMException('no', 'NotSupportedError'))],
    [
      'sign',
      () =>
        vi.spyOn(globalThis.crypto.subtle, 'sign').mockImplementationOnce(() => {
          throw new TypeError('no');
        }),
    ],
  ])('a failing crypto.subtle.%s becomes CONFIGURATION_INVALID with the failure as its cause', async (what, fail) => {
    fail();
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    const error = await signer.signWithWebCrypto(post, { created: 1, nonce: NONCE }).catch((caught: unknown) => caught);
    expect(core.isSignwireError(error) && error.code).toBe('CONFIGURATION_INVALID');
    expect((error as Error).message).toContain(`crypto.subtle.${what}`);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("signs the timing it checked: a later change to the caller's object does not reach the signature", async () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    const timing = { created: 1, nonce: NONCE };
    const pending = signer.signWithWebCrypto(post, timing);
    timing.nonce = 'BBBBBBBBBBBBBBBBBBBBBB';
    timing.created = 1.5;
    expect((await pending).headers['signature-input']).toContain(`;created=1;nonce="${NONCE}";`);
  });
});

describe('createRequestSigner({ webCryptoOnly: true })', () => {
  it('zeroes and drops its raw key once WebCrypto holds it, and keeps signing the same bytes', async () => {
    const bytes = new Uint8Array(32).fill(9);
    const key = core.importSecret(bytes);
    const reference = core.createRequestSigner({ key: core.importSecret(bytes), keyId: 'k1' });
    const signer = core.createRequestSigner({ key, keyId: 'k1', webCryptoOnly: true });
    const first = await signer.signWithWebCrypto(post, { created: 1, nonce: NONCE });
    expect(exportKeyBytes(key)).toEqual(new Uint8Array(32)); // the signer's copy is gone
    const second = await signer.signWithWebCrypto(post, { created: 2, nonce: NONCE });
    expect(first.headers.signature).toBe(reference.sign(post, { created: 1, nonce: NONCE }, nodeHashes).headers.signature);
    expect(second.headers.signature).toBe(reference.sign(post, { created: 2, nonce: NONCE }, nodeHashes).headers.signature);
  });

  it('refuses to sign with a HashProvider (CONFIGURATION_INVALID), and keeps the key after a failed import', async () => {
    const key = core.importSecret(new Uint8Array(32).fill(9));
    const signer = core.createRequestSigner({ key, keyId: 'k1', webCryptoOnly: true });
    expect(() => signer.sign(post, { created: 1, nonce: NONCE }, nodeHashes)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: 'this signer signs with WebCrypto only (webCryptoOnly)' }),
    );
    vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('transient'));
    await expect(signer.signWithWebCrypto(post, { created: 1, nonce: NONCE })).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
    expect(exportKeyBytes(key)).toEqual(new Uint8Array(32).fill(9));
    await expect(signer.signWithWebCrypto(post, { created: 1, nonce: NONCE })).resolves.toHaveProperty('headers');
  });
});

describe('createRequestSigner().sign', () => {
  it('reads each timing value once: a getter cannot pass the check with one value and sign another', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    let reads = 0;
    const timing = {
      created: 1,
      get nonce() {
        reads += 1;
        return reads === 1 ? NONCE : 'x";keyid="admin';
      },
    };
    const parts = signer.sign(post, timing, nodeHashes);
    expect(reads).toBe(1);
    expect(parts.headers['signature-input']).toContain(`nonce="${NONCE}";keyid="k1"`);
    expect(parts.headers['signature-input']).not.toContain('admin');
  });

  it('hands out a frozen covered list, so a caller cannot change later signatures', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    const first = signer.sign(post, { created: 1, nonce: NONCE }, nodeHashes);
    expect(() => (first.covered as string[]).pop()).toThrow(TypeError);
    expect(signer.sign(post, { created: 1, nonce: NONCE }, nodeHashes)).toEqual(first);
  });

  it('gives the same bytes with noble, node:crypto and WebCrypto', async () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1', components: ['x-request-id'] });
    const request = { ...post, headers: { ...post.headers, 'x-request-id': 'r-1' } };
    const timing = { created: 1_700_000_000, expires: 1_700_000_060, nonce: NONCE };
    const viaNoble = signer.sign(request, timing, core.nobleHashes);
    expect(signer.sign(request, timing, nodeHashes)).toEqual(viaNoble);
    expect(await signer.signWithWebCrypto(request, timing)).toEqual(viaNoble);
    // An independent MAC of the signature base.
    const expected = createHmac('sha256', Buffer.alloc(32, 7)).update(viaNoble.signatureBase).digest('base64');
    expect(viaNoble.headers.signature).toBe(`sig1=:${expected}:`);
  });

  it('builds @signature-params exactly as the structured-headers serializer does', () => {
    const keyId = fc.stringMatching(/^[A-Za-z0-9._~:/+=@-]{1,20}$/);
    const tag = fc.stringMatching(/^[\x20\x21\x23-\x5b\x5d-\x7e]{1,20}$/);
    const header = fc.constantFrom('x-request-id', 'authorization', 'x-a', '@target-uri', '@scheme');
    const body = fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: undefined });
    fc.assert(
      fc.property(
        keyId,
        tag,
        fc.constantFrom('sig1', 'a', 'x.y*'),
        fc.uniqueArray(header, { maxLength: 3 }),
        fc.integer({ min: 0, max: 999_999_999_999_000 }),
        fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
        fc.stringMatching(/^[A-Za-z0-9_-]{22,40}$/),
        fc.boolean(),
        body,
        (keyid, profileTag, label, extras, created, ttl, nonce, hasType, text) => {
          const components = [...extras, { name: '@query-param', params: { name: 'q' } }];
          const signer = core.createRequestSigner({ key: KEY, keyId: keyid, tag: profileTag, label, components });
          const headers: [string, string][] = extras.filter((name) => !name.startsWith('@')).map((name) => [name, 'v']);
          if (hasType) headers.push(['content-type', 'text/plain']);
          const expires = ttl === undefined ? undefined : created + ttl;
          const parts = signer.sign(
            { method: 'PUT', url: 'http://h.example/p?q=1', headers, body: text },
            { created, expires, nonce },
            nodeHashes,
          );
          const defaults = ['@method', '@authority', '@path', '@query'];
          if (hasType) defaults.push('content-type');
          if (text !== undefined) defaults.push('content-digest');
          const items: InnerList[0] = [...defaults, ...extras].map((name) => [name, new Map()]);
          items.push(['@query-param', new Map<string, BareItem>([['name', 'q']])]);
          const params = toParameterMap({ created, expires, nonce, keyid, alg: 'hmac-sha256', tag: profileTag });
          expect(parts.headers['signature-input']).toBe(`${label}=${serializeInnerList([items, params])}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('prepares the HMAC key once per HashProvider where the provider can, and falls back to hmacSha256', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    const withKey = vi.fn(core.nobleHashes.hmacSha256WithKey);
    const prepared = { ...core.nobleHashes, hmacSha256WithKey: withKey };
    const expected = signer.sign(post, { created: 1, nonce: NONCE }, nodeHashes);
    expect(signer.sign(post, { created: 1, nonce: NONCE }, prepared)).toEqual(expected);
    expect(signer.sign(post, { created: 1, nonce: NONCE }, prepared)).toEqual(expected);
    expect(withKey).toHaveBeenCalledTimes(1);
    const plain = { sha256: nodeHashes.sha256, hmacSha256: vi.fn(nodeHashes.hmacSha256) };
    expect(signer.sign(post, { created: 1, nonce: NONCE }, plain)).toEqual(expected);
    expect(plain.hmacSha256).toHaveBeenCalledTimes(1);
  });

  it('refuses a missing HashProvider with CONFIGURATION_INVALID', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    expect(() => signer.sign(post, { created: 1, nonce: NONCE }, undefined as unknown as corePublic.HashProvider)).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID' }),
    );
  });

  it('refuses a bodySha256 that is not 32 bytes with CONFIGURATION_INVALID', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    expect(() => signer.sign(post, { created: 1, nonce: NONCE, bodySha256: new Uint8Array(31) }, nodeHashes)).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID' }),
    );
  });

  it('refuses bad timing per request with PARAMETER_INVALID', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    for (const timing of [
      { created: -1, nonce: NONCE },
      { created: 1.5, nonce: NONCE },
      { created: 10, expires: 10, nonce: NONCE },
      { created: 10, nonce: 'short' },
      { created: 10, nonce: `${NONCE}"` },
    ]) {
      expect(() => signer.sign(post, timing, nodeHashes)).toThrowError(expect.objectContaining({ code: 'PARAMETER_INVALID' }));
    }
    expect(() => signer.sign(post, null as unknown as corePublic.SignatureTiming, nodeHashes)).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID' }),
    );
  });

  it('covers content-type only once: an extra content-type is refused when the request has one', () => {
    const signer = core.createRequestSigner({ key: KEY, keyId: 'k1', components: ['content-type'] });
    expect(() => signer.sign(post, { created: 1, nonce: NONCE }, nodeHashes)).toThrowError(
      expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }),
    );
  });
});

describe('signRequest keeps the error order of spec §8 (the configuration, then the request)', () => {
  const input = { request: post, key: KEY, keyId: 'k1', created: 1, nonce: NONCE };
  it.each([
    ['KEY_INVALID', { key: {}, created: 1.5 }],
    ['PARAMETER_INVALID', { keyId: 'k 1', label: 'BAD' }],
    ['CONFIGURATION_INVALID', { label: 'BAD', created: 1.5 }],
    ['COMPONENT_UNSUPPORTED', { created: 1.5, components: ['accept', 'accept'] }],
    ['HEADER_FORBIDDEN', { request: { ...post, url: '/relative' }, components: ['host'] }],
    ['COMPONENT_UNSUPPORTED', { request: { ...post, method: 'P O' }, components: ['@nope'] }],
    ['PARAMETER_INVALID', { created: 1.5, request: { ...post, method: 'P O' } }],
    ['METHOD_INVALID', { request: { ...post, method: 'P O', url: '/relative' } }],
    ['COMPONENT_UNSUPPORTED', { components: ['accept', 'accept'] }],
  ])('%s first', (code, change) => {
    expect(() => core.signRequest({ ...input, ...change } as corePublic.SignRequestInput)).toThrowError(expect.objectContaining({ code }));
  });
});

describe('createRequestSigner options', () => {
  it.each([
    ['no options', null, 'CONFIGURATION_INVALID'],
    ['a key not from importSecret', { key: {}, keyId: 'k1' }, 'KEY_INVALID'],
    ['a key id with a space', { key: KEY, keyId: 'k 1' }, 'PARAMETER_INVALID'],
    ['a tag with a quote', { key: KEY, keyId: 'k1', tag: 'a"b' }, 'PARAMETER_INVALID'],
    ['an upper-case label', { key: KEY, keyId: 'k1', label: 'Sig' }, 'CONFIGURATION_INVALID'],
    ['a forbidden field', { key: KEY, keyId: 'k1', components: ['host'] }, 'HEADER_FORBIDDEN'],
    ['an unknown derived component', { key: KEY, keyId: 'k1', components: ['@nope'] }, 'COMPONENT_UNSUPPORTED'],
    ['components that are not an array', { key: KEY, keyId: 'k1', components: 'x-a' }, 'COMPONENT_INVALID'],
  ])('refuses %s at construction', (_what, options, code) => {
    expect(() => core.createRequestSigner(options as unknown as corePublic.RequestSignerOptions)).toThrowError(
      expect.objectContaining({ code }),
    );
  });
});

describe('createRequestSignerWith (the component rules given by the caller)', () => {
  const shapes: corePublic.SignableRequest[] = [
    { method: 'GET', url: 'https://api.example.com/v1/items' },
    { method: 'GET', url: 'https://api.example.com/v1/items?' },
    post,
    {
      ...post,
      headers: [
        ['Content-Type', 'application/json'],
        ['content-encoding', 'gzip'],
        ['content-type', ' text/plain '],
      ] as [string, string][],
    },
  ];

  it('signs the defaults without the rules exactly as createRequestSigner does', async () => {
    const lean = core.createRequestSignerWith({ key: KEY, keyId: 'k1' }, undefined);
    const full = core.createRequestSigner({ key: KEY, keyId: 'k1' });
    for (const request of shapes) {
      const timing = { created: 1_700_000_000, nonce: NONCE, expires: 1_700_000_060 };
      const expected = full.sign(request, timing, nodeHashes);
      expect(lean.sign(request, timing, nodeHashes)).toEqual(expected);
      expect(await lean.signWithWebCrypto(request, timing)).toEqual(expected);
    }
  });

  it('covers extras with requestComponentRules', () => {
    const options = { key: KEY, keyId: 'k1', components: ['x-request-id', { name: '@query-param', params: { name: 'x' } }] };
    const request = { ...post, headers: { ...post.headers, 'x-request-id': 'r1' } };
    const timing = { created: 1, nonce: NONCE };
    const parts = core.createRequestSignerWith(options, core.requestComponentRules).sign(request, timing, nodeHashes);
    expect(parts).toEqual(core.createRequestSigner(options).sign(request, timing, nodeHashes));
    expect(parts.covered.slice(-2)).toEqual(['"x-request-id"', '"@query-param";name="x"']);
  });

  it('refuses extras without the rules (CONFIGURATION_INVALID), and accepts none', () => {
    expect(() => core.createRequestSignerWith({ key: KEY, keyId: 'k1', components: ['x-a'] }, undefined)).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('requestComponentRules') }),
    );
    expect(() => core.createRequestSignerWith({ key: KEY, keyId: 'k1', components: [] }, undefined)).not.toThrow();
  });

  it('refuses a default field value with a control character as the rules do (COMPONENT_INVALID, same message)', () => {
    const request = { ...post, headers: { 'content-type': 'application/json\u0001' } };
    const timing = { created: 1, nonce: NONCE };
    const lean = core.createRequestSignerWith({ key: KEY, keyId: 'k1' }, undefined);
    const full = core.createRequestSigner({ key: KEY, keyId: 'k1', components: ['x-a'] });
    const errorOf = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return expect.unreachable();
    };
    const message = 'the value of "content-type" holds CR, LF, a control or a non-ASCII character';
    expect(errorOf(() => lean.sign(request, timing, nodeHashes))).toMatchObject({ code: 'COMPONENT_INVALID', message });
    expect(errorOf(() => full.sign({ ...request, headers: { ...request.headers, 'x-a': '1' } }, timing, nodeHashes))).toMatchObject({
      code: 'COMPONENT_INVALID',
      message,
    });
  });
});
