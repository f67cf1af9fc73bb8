// signKy with the real ky in Node (ky 2, and ky 1 for the older hook arguments), against the
// example's verifier (withSignwire) over HTTP. Every assertion reads what the server verified.
import { createSigner, isSignwireError } from '@signwire/client';
import { signKy } from '@signwire/client/ky';
import ky, { HTTPError, TimeoutError } from 'ky';
import ky1 from 'ky1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startApi } from './serve.mjs';

let server;
beforeAll(async () => {
  server = await startApi();
});
afterAll(() => server?.close());

const signer = () => createSigner({ keyId: 'client-1', secret: { base64: SECRET } });

describe.each([
  ['ky 2', ky],
  ['ky 1', ky1],
])('signKy with %s', (version, library) => {
  // ky 2 renamed prefixUrl to prefix.
  const base = () => (version === 'ky 2' ? { prefix: server.base } : { prefixUrl: server.base });
  const api = (options = {}) => signKy(library.create({ ...base(), ...options }), signer());

  it('sends json as RFC 8785 JSON, and that is what the server verified', async () => {
    const answer = await api()
      .post('api/orders', { json: { qty: 2, item: 'book', price: 1.5e21, name: 'é' } })
      .json();
    expect(answer).toMatchObject({
      by: 'client-1',
      method: 'POST',
      contentType: 'application/json',
      body: '{"item":"book","name":"é","price":1.5e+21,"qty":2}',
    });
    expect(answer.covered).toEqual(expect.arrayContaining(['"content-type"', '"content-digest"']));
  });

  it('sends and signs text, bytes, a form and FormData as the Request carries them', async () => {
    const instance = api();
    const text = await instance.post('api/t', { body: 'plain text', headers: { 'content-type': 'text/plain' } }).json();
    expect(text).toMatchObject({ body: 'plain text', contentType: 'text/plain' });
    const bytes = await instance.put('api/b', { body: new Uint8Array([1, 2, 3]).subarray(1) }).json();
    expect(bytes).toMatchObject({ bytes: 2, method: 'PUT' });
    const form = await instance.post('api/f', { body: new URLSearchParams({ q: 'a b', r: 'ä&=' }) }).json();
    expect(form).toMatchObject({ body: 'q=a+b&r=%C3%A4%26%3D', contentType: 'application/x-www-form-urlencoded;charset=UTF-8' });
    const data = new FormData();
    data.set('title', 'Ada');
    data.set('file', new Blob([new Uint8Array([0, 255])], { type: 'application/octet-stream' }), 'a.bin');
    const multipart = await instance.post('api/m', { body: data }).json();
    const boundary = /boundary=(.+)$/.exec(multipart.contentType)?.[1];
    expect(boundary).toBeDefined();
    expect(multipart.body).toContain(`--${boundary}--`);
  });

  it('reads a stream body in full to sign it (the Request is teed), and sends the same bytes', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed '));
        controller.enqueue(new TextEncoder().encode('bytes'));
        controller.close();
      },
    });
    const answer = await api()
      .post('api/s', { body: stream, headers: { 'content-type': 'text/plain' }, retry: 0 })
      .json();
    expect(answer).toMatchObject({ by: 'client-1', body: 'streamed bytes' });
  });

  it('signs the URL ky built from its prefix and searchParams', async () => {
    const answer = await api()
      .get('api/search', { searchParams: { q: 'a b', s: 'é/&', n: 1 } })
      .json();
    expect(answer.target).toBe('/api/search?q=a+b&s=%C3%A9%2F%26&n=1');
    expect(answer.covered).toContain('"@query"');
  });

  it('signs a change an earlier hook made (extend with your hooks first)', async () => {
    const withTrace = library.create(base()).extend({
      hooks: {
        beforeRequest: [
          (...args) => {
            const request = args[0] instanceof Request ? args[0] : args[0].request;
            request.headers.set('content-type', 'application/vnd.example+json');
          },
        ],
      },
    });
    const answer = await signKy(withTrace, signer())
      .post('api/orders', { json: { a: 1 } })
      .json();
    expect(answer).toMatchObject({ by: 'client-1', contentType: 'application/vnd.example+json' });
  });

  it('signs each retry afresh: a 503 then a verified answer, with a new nonce', async () => {
    const instance = api({ retry: { limit: 2, delay: () => 0 } });
    const answer = await instance.get(`api/flaky/${version.replace(' ', '')}`).json();
    expect(answer.by).toBe('client-1');
  });

  it("keeps ky's errors: a rejection is an HTTPError with the server's code", async () => {
    const error = await library.post(`${server.base}/api/orders`, { json: { a: 1 } }).catch((e) => e);
    expect(error).toBeInstanceOf(version === 'ky 2' ? HTTPError : Error);
    expect(error.response.status).toBe(401);
    // ky 2 reads the body into error.data; ky 1 leaves it on the response.
    const body = version === 'ky 2' ? error.data : await error.response.json();
    expect(body.error.code).toBe('SIGNATURE_MISSING');
  });

  it("keeps ky's timeouts and cancellation: the same errors as without signing", async () => {
    const plain = await library.get(`${server.base}/public/slow`, { timeout: 200, retry: 0 }).catch((e) => e);
    const signed = await api()
      .get('api/slow', { timeout: 200, retry: 0 })
      .catch((e) => e);
    expect(signed.name).toBe(plain.name);
    expect(signed.name).toBe('TimeoutError');
    if (version === 'ky 2') expect(signed).toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = api().get('api/slow', { signal: controller.signal, retry: 0 });
    setTimeout(() => controller.abort(), 50);
    expect((await pending.catch((e) => e)).name).toBe('AbortError');
  });

  it("uses the signer's clock correction", async () => {
    const shifted = signer();
    shifted.setClockOffset(-30);
    const answer = await signKy(library.create(base()), shifted).get('api/clock').json();
    expect(Math.floor(Date.now() / 1000) - 30 - answer.created).toBeLessThanOrEqual(1);
  });

  it('a Signature header set by the caller is HEADER_FORBIDDEN, and nothing is sent', async () => {
    const before = server.requests();
    const error = await api()
      .get('api/x', { headers: { signature: 'sig=:AAAA:' } })
      .catch((e) => e);
    expect(isSignwireError(error, 'HEADER_FORBIDDEN')).toBe(true);
    expect(server.requests()).toBe(before);
  });

  it('a value JSON cannot represent is JSON_UNSUPPORTED, and nothing is sent', async () => {
    const before = server.requests();
    // ky 1 serializes json in the call itself (it throws synchronously there, as for JSON.stringify's errors).
    const error = await (async () => api().post('api/x', { json: { n: Number.NaN } }))().catch((e) => e);
    expect(isSignwireError(error, 'JSON_UNSUPPORTED')).toBe(true);
    expect(server.requests()).toBe(before);
  });
});

describe('signKy arguments', () => {
  it('refuses an instance or a signer that is not one', () => {
    expect(() => signKy({}, signer())).toThrow('instance must be ky or a ky instance');
    expect(() => signKy(ky, {})).toThrow('signer must come from createSigner()');
  });
});
