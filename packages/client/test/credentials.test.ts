// createSigner({ credentials }) and createSignedFetch with it (docs/spec.md §16.6): fetched on first
// use, cached, refreshed ahead of expiry by the corrected clock, one fetch for concurrent signatures,
// a failing provider is CREDENTIALS_UNAVAILABLE with nothing sent, and a refused key (KEY_RETIRED,
// KEY_UNKNOWN, KEY_REVOKED) refreshes once and retries once, never more.
import { importSecret, isSignwireError, verifyRequestSignature } from '@signwire/core';
import { toBase64Url } from '@signwire/core/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Credentials, credentialsFrom } from '../src/credentials.js';
import { createSignedFetch, createSigner, nobleHashes } from '../src/index.js';
import { sequentialNonces } from '../src/testing.js';
import { headerLines } from './helpers.js';

const T = 1_700_000_000;

/** A deterministic key per key id. */
function keyFor(keyId: string): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < keyId.length; i++) bytes[i % 32] = ((bytes[i % 32] as number) + keyId.charCodeAt(i) * (i + 1)) % 256;
  return bytes;
}

/** A provider that issues `key-1`, `key-2`, … valid for `ttl` seconds from the clock, and counts its calls. */
function provider(clock: { ms: number }, ttl = 900) {
  const issued: string[] = [];
  const fetch = vi.fn(async (): Promise<Credentials> => {
    const keyId = `key-${issued.length + 1}`;
    issued.push(keyId);
    return { keyId, secret: { base64url: toBase64Url(keyFor(keyId)) }, expires: Math.floor(clock.ms / 1000) + ttl };
  });
  return { fetch, issued };
}

function keyIdOf(headers: { 'signature-input': string }): string | undefined {
  return /;keyid="([^"]*)"/.exec(headers['signature-input'])?.[1];
}

const GET = { method: 'GET', url: 'https://api.example.com/v1/me' };

describe('createSigner({ credentials })', () => {
  it('fetches on first use, not before, caches, and signs with the key it was given', async () => {
    const clock = { ms: T * 1000 };
    const { fetch } = provider(clock);
    const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => clock.ms, hashes: nobleHashes });
    expect(fetch).not.toHaveBeenCalled();
    expect(signer.keyId).toBe('');
    expect(signer.hasCredentials).toBe(true);
    const headers = await signer.sign(GET);
    await signer.sign(GET);
    await signer.sign(GET);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(signer.keyId).toBe('key-1');
    const verified = verifyRequestSignature({
      request: { ...GET, headers: Object.entries(headers) as [string, string][] },
      now: T,
      lookupKey: (keyId) => (keyId === 'key-1' ? { key: importSecret(keyFor('key-1')) } : undefined),
    });
    expect(verified.keyId).toBe('key-1');
  });

  it('fetches again 60 s before expiry, or a quarter of the lifetime before it for short keys', async () => {
    const clock = { ms: T * 1000 };
    const long = provider(clock, 900);
    const signer = createSigner({ credentials: credentialsFrom(long.fetch), now: () => clock.ms, hashes: nobleHashes });
    await signer.sign(GET);
    clock.ms = (T + 900 - 60) * 1000 - 1;
    expect(keyIdOf(await signer.sign(GET))).toBe('key-1');
    clock.ms += 1;
    expect(keyIdOf(await signer.sign(GET))).toBe('key-2');

    const shortClock = { ms: T * 1000 };
    const short = provider(shortClock, 8);
    const shortSigner = createSigner({ credentials: credentialsFrom(short.fetch), now: () => shortClock.ms, hashes: nobleHashes });
    await shortSigner.sign(GET);
    shortClock.ms = (T + 6) * 1000 - 1; // 8 s key: fetched again from 2 s before expiry
    expect(keyIdOf(await shortSigner.sign(GET))).toBe('key-1');
    shortClock.ms += 1;
    expect(keyIdOf(await shortSigner.sign(GET))).toBe('key-2');
  });

  it('judges expiry by the corrected clock (the server time the clock offset stands for)', async () => {
    const local = { ms: (T - 100) * 1000 }; // this clock is 100 s behind the server
    const server = { ms: T * 1000 };
    const { fetch } = provider(server, 900); // expires T + 900, server time
    const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => local.ms, hashes: nobleHashes });
    signer.setClockOffset(100);
    await signer.sign(GET);
    local.ms = (T - 100 + 840) * 1000; // server time T + 840: 60 s before expiry
    await signer.sign(GET);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one fetch between concurrent signatures', async () => {
    const clock = { ms: T * 1000 };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch } = provider(clock);
    const slow = vi.fn(async () => {
      await gate;
      return fetch();
    });
    const signer = createSigner({ credentials: credentialsFrom(slow), now: () => clock.ms, hashes: nobleHashes });
    const signing = Promise.all([1, 2, 3, 4, 5].map(() => signer.sign(GET)));
    release();
    const all = await signing;
    expect(slow).toHaveBeenCalledTimes(1);
    expect(new Set(all.map(keyIdOf))).toEqual(new Set(['key-1']));
  });

  it('drops the credentials a server refused, and only those', async () => {
    const clock = { ms: T * 1000 };
    const { fetch } = provider(clock);
    const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => clock.ms, hashes: nobleHashes });
    await signer.sign(GET);
    signer.dropCredentials('key-0'); // not the key in use: nothing happens
    expect(keyIdOf(await signer.sign(GET))).toBe('key-1');
    signer.dropCredentials('key-1');
    expect(keyIdOf(await signer.sign(GET))).toBe('key-2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  describe('dropRefusedCredentials', () => {
    const refusal = (status: number, code: unknown) =>
      new Response(JSON.stringify({ error: { code } }), { status, headers: { 'content-type': 'application/json' } });
    const sentWith = (keyId: string) =>
      new Request('https://api.example.com/v1/me', {
        headers: { 'signature-input': `sig1=("@method");created=1;keyid="${keyId}";alg="hmac-sha256"` },
      });

    it.each(['KEY_RETIRED', 'KEY_UNKNOWN', 'KEY_REVOKED'])('drops the key a 401 %s refused and says so', async (code) => {
      const clock = { ms: T * 1000 };
      const { fetch } = provider(clock);
      const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => clock.ms, hashes: nobleHashes });
      await signer.sign(GET);
      const response = refusal(401, code);
      await expect(signer.dropRefusedCredentials(sentWith('key-1'), response)).resolves.toBe(true);
      expect(await response.json()).toEqual({ error: { code } }); // it read a copy: the body is still there
      expect(keyIdOf(await signer.sign(GET))).toBe('key-2');
    });

    // A refusal of a key no longer in use is still a refusal (true: send once more, with the key in use).
    it.each<[string, Response, string, boolean]>([
      ['another 401 code', refusal(401, 'SIGNATURE_INVALID'), 'key-1', false],
      ['a 403 with a key code', refusal(403, 'KEY_REVOKED'), 'key-1', false],
      ['a 401 whose body is not JSON', new Response('no', { status: 401 }), 'key-1', false],
      ['a refusal of another key id', refusal(401, 'KEY_REVOKED'), 'key-0', true],
    ])('keeps the key for %s', async (_what, response, sentKeyId, refused) => {
      const clock = { ms: T * 1000 };
      const { fetch } = provider(clock);
      const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => clock.ms, hashes: nobleHashes });
      await signer.sign(GET);
      const dropped = await signer.dropRefusedCredentials(sentWith(sentKeyId), response);
      expect(dropped).toBe(refused);
      expect(keyIdOf(await signer.sign(GET))).toBe('key-1');
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('is false for a signer with one fixed key', async () => {
      const signer = createSigner({ keyId: 'k1', secret: { base64url: toBase64Url(keyFor('k1')) }, hashes: nobleHashes });
      await expect(signer.dropRefusedCredentials(sentWith('k1'), refusal(401, 'KEY_REVOKED'))).resolves.toBe(false);
    });
  });

  describe('a failing provider is CREDENTIALS_UNAVAILABLE, and nothing is sent', () => {
    const valid = { keyId: 'key-1', secret: { base64url: toBase64Url(keyFor('key-1')) }, expires: T + 900 };
    it.each<[string, () => unknown, string]>([
      [
        'throws',
        () => {
          throw new Error('offline');
        },
        'the credentials provider failed; nothing was sent',
      ],
      ['rejects', () => Promise.reject(new TypeError('Failed to fetch')), 'the credentials provider failed; nothing was sent'],
      [
        'returns an error body',
        () => ({ error: { code: 'X' } }),
        'the credentials provider must return { keyId, secret, expires }, as the issuing route sends them',
      ],
      ['returns null', () => null, 'the credentials provider must return { keyId, secret, expires }, as the issuing route sends them'],
      [
        'returns a key id with a space',
        () => ({ ...valid, keyId: 'key 1' }),
        'the credentials keyId "key 1" has " " (U+0020) at character 4; a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -',
      ],
      [
        'returns a bare string secret',
        () => ({ ...valid, secret: 'abc' }),
        'the credentials secret: a secret string must declare its encoding: pass { base64 }, { base64url } or { hex }, or bytes',
      ],
      [
        'returns a short secret',
        () => ({ ...valid, secret: { base64url: 'AAAA' } }),
        'the credentials secret: the secret is 3 bytes; it must be 32–1024 bytes (256 bits or more)',
      ],
      [
        'returns expires in milliseconds as a string',
        () => ({ ...valid, expires: '1700000900' }),
        'the credentials expires must be whole Unix seconds',
      ],
      [
        'returns an expired key',
        () => ({ ...valid, expires: T - 1 }),
        `the credentials "key-1" expired at ${T - 1}, by this signer's clock (${T}): an old key, or a wrong clock`,
      ],
    ])('when the provider %s', async (_name, answer, message) => {
      const sent: Request[] = [];
      const signer = createSigner({ credentials: credentialsFrom(answer as never), now: () => T * 1000, hashes: nobleHashes });
      const signedFetch = createSignedFetch(signer, {
        fetch: async (request) => {
          sent.push(request);
          return new Response(null);
        },
      });
      const error = await signedFetch('https://api.example.com/v1/me').catch((e: unknown) => e);
      expect(isSignwireError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', status: 401, message });
      expect(sent).toEqual([]);
    });

    it('keeps the cause, and asks again on the next signature (a failure is not remembered)', async () => {
      const offline = new Error('offline');
      const answers = [() => Promise.reject(offline), () => valid];
      const signer = createSigner({
        credentials: credentialsFrom(() => (answers.shift() as () => Credentials)()),
        now: () => T * 1000,
        hashes: nobleHashes,
      });
      await expect(signer.sign(GET)).rejects.toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', cause: offline });
      expect(keyIdOf(await signer.sign(GET))).toBe('key-1');
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'credentials and keyId',
      { keyId: 'k', secret: { base64url: toBase64Url(keyFor('k')) } },
      'give credentials, or keyId and secret, not both',
    ],
    [
      'credentials that are a URL, not credentialsFrom(url)',
      { credentials: 'https://x' },
      "credentials must be credentialsFrom(url) or credentialsFrom(provider) from @signwire/client/credentials, e.g. credentials: credentialsFrom('/session/signing-key')",
    ],
    [
      'credentials that are a bare provider function, not credentialsFrom(provider)',
      { credentials: () => ({ keyId: 'k', secret: { base64url: toBase64Url(keyFor('k')) }, expires: T + 900 }) },
      'credentials must be credentialsFrom(url) or credentialsFrom(provider) from @signwire/client/credentials',
    ],
    ['an invalid label', { label: 'Sig 1' }, ''],
  ])('refuses %s at construction (CONFIGURATION_INVALID)', (_name, options, message) => {
    const build = () => createSigner({ credentials: credentialsFrom(provider({ ms: T * 1000 }).fetch), ...options } as never);
    expect(build).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining(message) }));
  });

  it('refuses signSync: fetching credentials is asynchronous', () => {
    const signer = createSigner({ credentials: credentialsFrom(provider({ ms: T * 1000 }).fetch), hashes: nobleHashes });
    expect(() => signer.signSync(GET)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('signSync() cannot fetch credentials') }),
    );
  });
});

describe('with WebCrypto, the key becomes a non-extractable CryptoKey', () => {
  afterEach(() => vi.restoreAllMocks());

  it('imports each key once, not extractable, for signing only, and signs with it', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const clock = { ms: T * 1000 };
    const { fetch } = provider(clock);
    const signer = createSigner({ credentials: credentialsFrom(fetch), now: () => clock.ms });
    const first = await signer.sign(GET);
    await signer.sign(GET);
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]?.slice(2)).toEqual([{ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']]);
    const reference = createSigner({
      keyId: 'key-1',
      secret: keyFor('key-1'),
      now: () => clock.ms,
      hashes: nobleHashes,
      nonce: () => 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    const again = createSigner({
      credentials: credentialsFrom(provider(clock).fetch),
      now: () => clock.ms,
      nonce: () => 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    expect((await again.sign(GET)).signature).toBe(reference.signSync(GET).signature);
    expect(keyIdOf(first)).toBe('key-1');
  });
});

describe('createSignedFetch with a credentials signer', () => {
  /** A server that answers 401 with `codes` in turn (then 200), recording what it received. */
  function server(codes: (string | number)[]) {
    const received: Request[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      received.push(request);
      const answer = codes.shift();
      if (answer === undefined) return Response.json({ ok: true });
      if (typeof answer === 'number') return new Response('plain', { status: answer });
      return Response.json({ error: { code: answer, message: '…' } }, { status: 401 });
    };
    return { fetch, received };
  }

  it.each([
    'KEY_RETIRED',
    'KEY_UNKNOWN',
    'KEY_REVOKED',
  ])('%s: fetches new credentials and sends the request once more, re-signed', async (code) => {
    const clock = { ms: T * 1000 };
    const credentials = provider(clock);
    const api = server([code]);
    const signedFetch = createSignedFetch(
      createSigner({ credentials: credentialsFrom(credentials.fetch), now: () => clock.ms, nonce: sequentialNonces() }),
      {
        fetch: api.fetch,
      },
    );
    const response = await signedFetch.json('https://api.example.com/v1/orders', { item: 'book', qty: 2 });
    expect(response.status).toBe(200);
    expect(credentials.fetch).toHaveBeenCalledTimes(2);
    expect(api.received.map((r) => keyIdOf({ 'signature-input': r.headers.get('signature-input') ?? '' }))).toEqual(['key-1', 'key-2']);
    const [first, second] = api.received as [Request, Request];
    expect(first.headers.get('signature-input')).not.toBe(second.headers.get('signature-input')); // a fresh nonce
    const [firstBody, secondBody] = [await first.text(), await second.text()];
    expect(secondBody).toBe(firstBody);
    expect(secondBody).toBe('{"item":"book","qty":2}');
    expect(headerLines(second.headers).find(([n]) => n === 'content-digest')).toEqual(
      headerLines(first.headers).find(([n]) => n === 'content-digest'),
    );
  });

  it('retries once only: a second refusal is returned as it is', async () => {
    const clock = { ms: T * 1000 };
    const credentials = provider(clock);
    const api = server(['KEY_REVOKED', 'KEY_REVOKED', 'KEY_REVOKED']);
    const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom(credentials.fetch), now: () => clock.ms }), {
      fetch: api.fetch,
    });
    const response = await signedFetch('https://api.example.com/v1/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'KEY_REVOKED' } });
    expect(api.received).toHaveLength(2);
    expect(credentials.fetch).toHaveBeenCalledTimes(2);
  });

  it.each<[string, (string | number)[]]>([
    ['another 401 code', ['SIGNATURE_INVALID']],
    ['a 401 that is not JSON', [401]],
    ['a 403', [403]],
    ['a 500', [500]],
  ])('does not retry %s', async (_name, codes) => {
    const clock = { ms: T * 1000 };
    const credentials = provider(clock);
    const api = server(codes);
    const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom(credentials.fetch), now: () => clock.ms }), {
      fetch: api.fetch,
    });
    await signedFetch('https://api.example.com/v1/me');
    expect(api.received).toHaveLength(1);
    expect(credentials.fetch).toHaveBeenCalledTimes(1);
  });

  it('does not retry with a fixed key', async () => {
    const api = server(['KEY_RETIRED']);
    const signedFetch = createSignedFetch(createSigner({ keyId: 'k', secret: keyFor('k'), now: () => T * 1000 }), { fetch: api.fetch });
    expect((await signedFetch('https://api.example.com/v1/me')).status).toBe(401);
    expect(api.received).toHaveLength(1);
  });

  it('shares one refresh between concurrent requests refused with the same key', async () => {
    const clock = { ms: T * 1000 };
    const credentials = provider(clock);
    const received: string[] = [];
    const retiredKey1 = async (request: Request): Promise<Response> => {
      const keyId = keyIdOf({ 'signature-input': request.headers.get('signature-input') ?? '' }) ?? '';
      received.push(keyId);
      return keyId === 'key-1' ? Response.json({ error: { code: 'KEY_RETIRED' } }, { status: 401 }) : Response.json({ ok: true });
    };
    const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom(credentials.fetch), now: () => clock.ms }), {
      fetch: retiredKey1,
    });
    const responses = await Promise.all(['a', 'b', 'c'].map((path) => signedFetch(`https://api.example.com/v1/${path}`)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(credentials.fetch).toHaveBeenCalledTimes(2);
    expect(received.sort()).toEqual(['key-1', 'key-1', 'key-1', 'key-2', 'key-2', 'key-2']);
  });

  it('fails with CREDENTIALS_UNAVAILABLE, after one send, when the refresh fails', async () => {
    const clock = { ms: T * 1000 };
    const answers: (() => Promise<Credentials>)[] = [
      async () => ({ keyId: 'key-1', secret: keyFor('key-1'), expires: T + 900 }),
      async () => Promise.reject(new Error('401 from the issuing route')),
    ];
    const api = server(['KEY_REVOKED']);
    const signer = createSigner({
      credentials: credentialsFrom(() => (answers.shift() as () => Promise<Credentials>)()),
      now: () => clock.ms,
    });
    const error = await createSignedFetch(signer, { fetch: api.fetch })('https://api.example.com/v1/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' });
    expect(api.received).toHaveLength(1);
  });

  it('refuses responses verification with a credentials signer (CONFIGURATION_INVALID)', () => {
    const signer = createSigner({ credentials: credentialsFrom(provider({ ms: T * 1000 }).fetch) });
    expect(() => createSignedFetch(signer, { responses: async (request) => new Response(request.body) })).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_INVALID',
        message: 'options.responses needs one fixed secret: not with credentials',
      }),
    );
  });
});

describe('credentialsFrom', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches the route with the page cookies, bypassing caches, and returns its JSON', async () => {
    const body = { keyId: 'key-1', secret: { base64url: toBase64Url(keyFor('key-1')) }, expires: T + 900 };
    const calls: [unknown, RequestInit | undefined][] = [];
    vi.stubGlobal('fetch', async (url: unknown, init?: RequestInit) => {
      calls.push([url, init]);
      return Response.json(body);
    });
    const signer = createSigner({ credentials: credentialsFrom('/session/signing-key'), now: () => T * 1000 });
    expect(keyIdOf(await signer.sign(GET))).toBe('key-1');
    expect(signer.keyId).toBe('key-1');
    expect(calls).toEqual([['/session/signing-key', { credentials: 'same-origin', cache: 'no-store' }]]);
  });

  it('throws CREDENTIALS_UNAVAILABLE with the route status and message', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { message: 'nobody is logged in' } }, { status: 401 }));
    const signerOf = (url: string) => createSigner({ credentials: credentialsFrom(url), now: () => T * 1000 });
    await expect(signerOf('/session/signing-key').sign(GET)).rejects.toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: 'the credentials route /session/signing-key answered 401: nobody is logged in; nothing was sent',
    });
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502 }));
    await expect(signerOf('/k').sign(GET)).rejects.toMatchObject({ message: 'the credentials route /k answered 502; nothing was sent' });
  });
});
