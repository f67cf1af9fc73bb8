import { ConfigurationError, VerificationError } from '@signwire/core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryNonceStore, createVerifier, type VerifierOptions } from '../src/index.js';
import { NOW, ORIGIN, OTHER_SECRET, SECRET, sign, signedRequest } from './helpers.js';

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW + 5 };

describe('round trip', () => {
  it('verifies a core-signed JSON POST and hands over bytes and parsed JSON', async () => {
    const verifier = createVerifier(base);
    const verified = await verifier.verify(signedRequest({ body: '{"item":"book","qty":1}' }));
    expect(verified.keyId).toBe('client-1');
    expect(verified.created).toBe(NOW);
    expect(verified.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"']);
    expect(new TextDecoder().decode(verified.body)).toBe('{"item":"book","qty":1}');
    expect(verified.json).toEqual({ item: 'book', qty: 1 });
    expect(verified.replayWindowEnd).toBe(NOW + 300);
  });

  it('compares an IDN publicOrigin as its A-label, the form the client signs and sends in Host', async () => {
    const verifier = createVerifier({ ...base, publicOrigin: 'https://BÜCHER.example' });
    const verified = await verifier.verify(signedRequest({ url: 'https://bücher.example/v1/orders', components: ['@target-uri'] }));
    expect(verified.signatureBase).toContain('"@authority": xn--bcher-kva.example\n');
    expect(verified.signatureBase).toContain('"@target-uri": https://xn--bcher-kva.example/v1/orders\n');
  });

  it('keeps ß distinct from ss in hosts (nontransitional UTS #46): faß.example is not fass.example', async () => {
    const verifier = createVerifier({ ...base, publicOrigin: 'https://fass.example' });
    const request = signedRequest({ url: 'https://faß.example/v1/orders' });
    await expect(verifier.verify(request)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('verifies a GET without body; json stays undefined', async () => {
    const verified = await createVerifier(base).verify(signedRequest({ method: 'GET' }));
    expect(verified.body.length).toBe(0);
    expect(verified.json).toBeUndefined();
  });

  it('verifies with the noble hashes too (same result as node:crypto)', async () => {
    const { nobleHashes } = await import('@signwire/core');
    const verified = await createVerifier({ ...base, hashes: nobleHashes }).verify(signedRequest({ body: '{}' }));
    expect(verified.keyId).toBe('client-1');
  });

  it('hands the result over as a plain record of its fields, in a stable order', async () => {
    const verified = await createVerifier(base).verify(signedRequest({ body: '{"a":1}' }));
    expect(Object.keys(verified)).toEqual([
      'keyId',
      'label',
      'created',
      'expires',
      'nonce',
      'covered',
      'signatureBase',
      'body',
      'replayWindowEnd',
      'subject',
      'json',
      'form',
      'request',
    ]);
    expect(JSON.parse(JSON.stringify({ ...verified, body: undefined }))).toMatchObject({ keyId: 'client-1', json: { a: 1 } });
  });

  it("signs responses only to its own results: not to a copy, nor to another verifier's result", async () => {
    const verifier = createVerifier(base);
    const other = createVerifier(base);
    const verified = await verifier.verify(signedRequest({ body: '{"a":1}' }));
    expect(verifier.responseSigner(verified)).toBeTypeOf('function');
    expect(verifier.responseSigner({ ...verified })).toBeUndefined();
    expect(other.responseSigner(verified)).toBeUndefined();
    const fromOther = await other.verify(signedRequest({ body: '{"a":1}' }));
    expect(other.responseSigner(fromOther)).toBeTypeOf('function');
    expect(verifier.responseSigner(fromOther)).toBeUndefined();
  });

  it('refuses a replay of the same request', async () => {
    const verifier = createVerifier(base);
    const parts = sign({ body: '{"a":1}' });
    const make = (): Request => new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
    await verifier.verify(make());
    await expect(verifier.verify(make())).rejects.toMatchObject({ code: 'NONCE_REPLAYED', status: 401 });
  });
});

describe('tampering with each covered component fails', () => {
  const parts = sign({
    body: '{"a":1}',
    headers: [
      ['content-type', 'application/json'],
      ['x-request-id', 'r1'],
    ],
    components: ['x-request-id'],
  });
  const swap = (name: string, value: string): [string, string][] => parts.headers.map(([n, v]) => [n, n === name ? value : v]);

  it.each([
    ['@method', { method: 'PUT' }, 'SIGNATURE_INVALID'],
    ['@authority', { url: 'https://other.example.com/v1/orders?dry_run=1' }, 'SIGNATURE_INVALID'],
    ['@path', { url: `${ORIGIN}/v1/admin?dry_run=1` }, 'SIGNATURE_INVALID'],
    ['@query', { url: `${ORIGIN}/v1/orders?dry_run=0` }, 'SIGNATURE_INVALID'],
    ['content-type', { headers: swap('content-type', 'text/plain') }, 'SIGNATURE_INVALID'],
    ['x-request-id', { headers: swap('x-request-id', 'r2') }, 'SIGNATURE_INVALID'],
    ['content-digest', { headers: swap('content-digest', 'sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:') }, 'SIGNATURE_INVALID'],
    ['body', { body: '{"a":2}' }, 'DIGEST_MISMATCH'],
  ] as const)('%s', async (_name, change, code) => {
    // The authority comes from the configured origin, so a different Host/URL host is not trusted:
    // the URL change above only reaches the verifier through trustHost.
    const verifier = createVerifier(
      change === undefined || !('url' in change) || !change.url.startsWith('https://other')
        ? base
        : { ...base, publicOrigin: undefined, trustHost: true },
    );
    const request = new Request('url' in change ? change.url : parts.url, {
      method: 'method' in change ? change.method : parts.method,
      headers: 'headers' in change ? change.headers : parts.headers,
      body: 'body' in change ? change.body : parts.body,
    });
    await expect(verifier.verify(request)).rejects.toMatchObject({ code });
  });
});

describe('options are validated at construction', () => {
  it.each([
    ['no origin choice', { keys: { k: SECRET } }, 'CONFIGURATION_INVALID'],
    ['two origin choices', { ...base, trustHost: true }, 'CONFIGURATION_INVALID'],
    ['origin with a path', { ...base, publicOrigin: 'https://a.example/x' }, 'CONFIGURATION_INVALID'],
    ['empty key ring', { ...base, keys: {} }, 'CONFIGURATION_INVALID'],
    ['bad key id', { ...base, keys: { 'bad id': SECRET } }, 'CONFIGURATION_INVALID'],
    ['short key', { ...base, keys: { k: { hex: 'abcd' } } }, 'KEY_INVALID'],
    ['bare string key', { ...base, keys: { k: 'secret' as never } }, 'KEY_INVALID'],
    ['non-positive max age', { ...base, maxAgeSeconds: 0 }, 'CONFIGURATION_INVALID'],
    ['negative skew', { ...base, clockSkewSeconds: -1 }, 'CONFIGURATION_INVALID'],
    ['bad label', { ...base, label: 'Sig 1' }, 'CONFIGURATION_INVALID'],
    ['empty trusted proxies', { keys: { k: SECRET }, trustedProxies: [] }, 'CONFIGURATION_INVALID'],
    ['bad nonce store', { ...base, nonceStore: {} as never }, 'CONFIGURATION_INVALID'],
    ['bad notBefore', { ...base, keys: { k: { secret: SECRET, notBefore: 1.5 } } }, 'CONFIGURATION_INVALID'],
    ['zero body timeout', { ...base, bodyTimeoutMs: 0 }, 'CONFIGURATION_INVALID'],
    ['fractional body timeout', { ...base, bodyTimeoutMs: 1.5 }, 'CONFIGURATION_INVALID'],
    ['body timeout past the timer range', { ...base, bodyTimeoutMs: 2 ** 31 }, 'CONFIGURATION_INVALID'],
    ['body timeout as text', { ...base, bodyTimeoutMs: '30000' as never }, 'CONFIGURATION_INVALID'],
    ['JSON prototype members as text', { ...base, allowJsonPrototypeMembers: 'yes' as never }, 'CONFIGURATION_INVALID'],
  ] as const)('%s', (_name, options, code) => {
    expect(() => createVerifier(options as VerifierOptions)).toThrow(ConfigurationError);
    expect(() => createVerifier(options as VerifierOptions)).toThrow(expect.objectContaining({ code }));
  });

  describe('messages name the mistake and the key', () => {
    const RULE = 'a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -';
    const errorOf = (keys: VerifierOptions['keys']): unknown => {
      try {
        createVerifier({ ...base, keys });
      } catch (error) {
        return error;
      }
      return expect.unreachable();
    };

    it.each<[string, VerifierOptions['keys'], string]>([
      ['a space', { 'bad id': SECRET }, `keys: the key id "bad id" has " " (U+0020) at character 4; ${RULE}`],
      ['a number (Map)', new Map([[7 as unknown as string, SECRET]]), `keys: the key id is a number, not a string; ${RULE}`],
      ['too long', { ['k'.repeat(129)]: SECRET }, `keys: the key id "${'k'.repeat(64)}…" is 129 characters long; ${RULE}`],
    ])('a key id with %s states the rule', (_name, keys, message) => {
      expect(errorOf(keys)).toMatchObject({ code: 'CONFIGURATION_INVALID', message });
    });

    it.each(['base64', 'base64url', 'hex'])('{ %s: undefined } names the key and suggests an unset variable', (encoding) => {
      const expected = `key "client-2": the secret's ${encoding} is undefined, not a string (is the environment variable that should hold it unset?)`;
      const undefinedSecret = { [encoding]: undefined } as unknown as typeof SECRET;
      expect(errorOf({ 'client-1': SECRET, 'client-2': undefinedSecret })).toMatchObject({ code: 'KEY_INVALID', message: expected });
      expect(errorOf(new Map([['client-2', { secret: undefinedSecret, notAfter: NOW }]]))).toMatchObject({
        code: 'KEY_INVALID',
        message: expected,
      });
    });

    it('a ring entry that is undefined suggests an unset variable', () => {
      expect(errorOf({ 'client-1': undefined as never })).toMatchObject({
        code: 'KEY_INVALID',
        message:
          'key "client-1": the secret is undefined (is the environment variable that should hold it unset?); pass bytes or { base64 }, { base64url } or { hex }',
      });
    });

    it('a resolver that returns a bad secret: the client gets a generic message, the cause names the key', async () => {
      const verifier = createVerifier({ ...base, keys: () => ({ base64: undefined as unknown as string }) });
      const error = await verifier.verify(signedRequest()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'KEY_INVALID', message: 'the key resolver returned an invalid key' });
      expect((error as Error).cause).toMatchObject({
        message: `key "client-1": the secret's base64 is undefined, not a string (is the environment variable that should hold it unset?)`,
      });
    });
  });

  it('refuses a bad memory store bound', () => {
    expect(() => createMemoryNonceStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});

describe('key rotation', () => {
  const keys = new Map([
    ['old', { secret: OTHER_SECRET, notAfter: NOW + 3 }],
    ['new', { secret: SECRET, notBefore: NOW - 100 }],
    ['next', { secret: SECRET, notBefore: NOW + 1000 }],
    ['gone', { secret: SECRET, retired: true }],
  ]);

  it('accepts several keys at once, by keyid', async () => {
    const verifier = createVerifier({ ...base, keys, now: () => NOW + 1 });
    await expect(verifier.verify(signedRequest({ keyId: 'old', secret: OTHER_SECRET }))).resolves.toMatchObject({ keyId: 'old' });
    await expect(verifier.verify(signedRequest({ keyId: 'new' }))).resolves.toMatchObject({ keyId: 'new' });
  });

  it.each([
    ['old', NOW + 3, 'KEY_RETIRED'],
    ['next', NOW, 'KEY_NOT_YET_VALID'],
    ['gone', NOW, 'KEY_RETIRED'],
    ['unknown', NOW, 'KEY_UNKNOWN'],
  ] as const)('%s at %i → %s', async (keyId, now, code) => {
    const verifier = createVerifier({ ...base, keys, now: () => now });
    await expect(verifier.verify(signedRequest({ keyId, secret: keyId === 'old' ? OTHER_SECRET : SECRET }))).rejects.toMatchObject({
      code,
      status: 401,
    });
  });

  it('supports an async resolver', async () => {
    const resolver = vi.fn(async (keyId: string) => (keyId === 'client-1' ? SECRET : undefined));
    const verifier = createVerifier({ ...base, keys: resolver });
    await verifier.verify(signedRequest());
    expect(resolver).toHaveBeenCalledWith('client-1');
    await expect(verifier.verify(signedRequest({ keyId: 'x' }))).rejects.toMatchObject({ code: 'KEY_UNKNOWN' });
  });

  it('supports a sync resolver and a throwing one (awaited only when it returns a promise)', async () => {
    const sync = vi.fn((keyId: string) => (keyId === 'client-1' ? SECRET : undefined));
    await createVerifier({ ...base, keys: sync }).verify(signedRequest());
    expect(sync).toHaveBeenCalledWith('client-1');
    const failing = createVerifier({
      ...base,
      keys: () => {
        throw new Error('key service down');
      },
    });
    await expect(failing.verify(signedRequest())).rejects.toThrow('key service down');
  });

  it('a key with the wrong secret is SIGNATURE_INVALID', async () => {
    await expect(createVerifier(base).verify(signedRequest({ secret: OTHER_SECRET }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });
});

describe('labels: only the policy label decides', () => {
  it('verifies the labelled signature and ignores others', async () => {
    const good = sign({ method: 'GET', label: 'app' });
    const verifier = createVerifier({ ...base, label: 'app' });
    const headers = good.headers.map(([n, v]): [string, string] =>
      n === 'signature-input'
        ? [n, `other=("@method");created=1;keyid="x";alg="hmac-sha256";tag="x";nonce="AAAAAAAAAAAAAAAAAAAAAA", ${v}`]
        : [n, v],
    );
    await expect(verifier.verify(new Request(good.url, { headers }))).resolves.toMatchObject({ label: 'app' });
  });

  it('a valid signature under another label does not win', async () => {
    const other = sign({ method: 'GET', label: 'other' });
    await expect(createVerifier(base).verify(new Request(other.url, { headers: other.headers }))).rejects.toMatchObject({
      code: 'SIGNATURE_MISSING',
    });
  });
});

describe('failures are explained, never with secrets', () => {
  it('onFailure receives the error and the server signature base', async () => {
    const onFailure = vi.fn();
    const verifier = createVerifier({ ...base, onFailure });
    const error = await verifier.verify(signedRequest({ secret: OTHER_SECRET })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerificationError);
    const [received, details] = onFailure.mock.calls[0] as [unknown, { signatureBase: string; url: string }];
    expect(received).toBe(error);
    expect(details.signatureBase).toContain('"@authority": api.example.com');
    expect(details.url).toBe(`${ORIGIN}/v1/orders?dry_run=1`);
    expect(verifier.errorBody(error as VerificationError).error).not.toHaveProperty('signatureBase');
  });

  it('a throwing hook does not change the outcome', async () => {
    const verifier = createVerifier({
      ...base,
      onFailure: () => {
        throw new Error('hook');
      },
    });
    await expect(verifier.verify(new Request(`${ORIGIN}/`))).rejects.toMatchObject({ code: 'SIGNATURE_MISSING' });
  });

  it('debug puts the base in the response body (off by default)', async () => {
    const verifier = createVerifier({ ...base, debug: true });
    const error = (await verifier.verify(signedRequest({ secret: OTHER_SECRET })).catch((e: unknown) => e)) as VerificationError;
    const response = verifier.errorResponse(error);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; signatureBase: string; message: string } };
    expect(body.error.code).toBe('SIGNATURE_INVALID');
    expect(body.error.signatureBase).toContain('"@signature-params"');
  });
});

describe('the verifier clock (options.now) is in seconds', () => {
  it.each([
    ['milliseconds', () => Date.now(), 'must return Unix seconds (Date.now() / 1000), not milliseconds'],
    ['NaN', () => Number.NaN, 'must return a finite number of seconds'],
  ])('a clock returning %s refuses every request with CONFIGURATION_INVALID, saying why', async (_, now, why) => {
    const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now, log: false });
    const { headers } = sign({ method: 'GET' });
    const message = { method: 'GET', requestTarget: '/v1/orders?dry_run=1', headers, body: null };
    await expect(verifier.verifyMessage(message)).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      status: 500,
      message: expect.stringContaining(why),
    });
  });
});
