// signAxios with the real axios in Node, against the example's verifier (withSignwire) over HTTP:
// the http adapter (axios' Node default) and the fetch adapter. Every assertion reads what the
// server verified, so a signature over other bytes than the ones sent fails here.
import { Readable } from 'node:stream';
import { createSigner, isSignwireError } from '@signwire/client';
import { signAxios } from '@signwire/client/axios';
import axios, { AxiosError } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startApi } from './serve.mjs';

let server;
beforeAll(async () => {
  server = await startApi();
});
afterAll(() => server?.close());

const signer = () => createSigner({ keyId: 'client-1', secret: { base64: SECRET } });

describe.each(['http', 'fetch'])('signAxios, %s adapter', (adapter) => {
  const api = () => signAxios(axios.create({ baseURL: server.base, adapter }), signer());

  it('sends a JSON value as RFC 8785 JSON, and that is what the server verified', async () => {
    const response = await api().post('/api/orders', { qty: 2, item: 'book', price: 1.5e21, name: 'é' });
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      by: 'client-1',
      method: 'POST',
      contentType: 'application/json',
      body: '{"item":"book","name":"é","price":1.5e+21,"qty":2}',
    });
    expect(response.data.covered).toEqual(expect.arrayContaining(['"content-type"', '"content-digest"']));
  });

  it('signs the bytes a transformRequest produced after the interceptors ran', async () => {
    // Interceptor-based signing signs `data` before this transform and fails with DIGEST_MISMATCH.
    const response = await api().post('/api/notes', 'hello', {
      headers: { 'content-type': 'text/plain' },
      transformRequest: [(data) => `${data} — transformed`],
    });
    expect(response.status).toBe(200);
    expect(response.data.body).toBe('hello — transformed');
  });

  it('signs what an interceptor installed after signAxios changed (it runs first)', async () => {
    const instance = api();
    instance.interceptors.request.use((config) => {
      config.data = { ...config.data, added: true };
      config.headers.set('x-trace', 't-1');
      return config;
    });
    const response = await instance.put('/api/orders/7', { qty: 1 });
    expect(response.data.body).toBe('{"added":true,"qty":1}');
    expect(response.data.method).toBe('PUT');
  });

  it('sends and signs text, bytes (a subarray: axios sends its whole buffer), a form and FormData', async () => {
    const instance = api();
    const text = await instance.post('/api/t', 'plain text', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(text.data).toMatchObject({ body: 'plain text', contentType: 'text/plain; charset=utf-8' });

    const whole = new Uint8Array([1, 2, 3, 4, 5]);
    const bytes = await instance.post('/api/b', whole.subarray(1, 3), { headers: { 'content-type': 'application/octet-stream' } });
    expect(bytes.data.bytes).toBe(adapter === 'http' || adapter === 'fetch' ? 5 : 2);

    const form = await instance.post('/api/f', new URLSearchParams({ q: 'a b', r: 'ä&=' }));
    expect(form.data.body).toBe('q=a+b&r=%C3%A4%26%3D');
    expect(form.data.contentType).toMatch(/^application\/x-www-form-urlencoded/);

    const data = new FormData();
    data.set('title', 'Ada');
    data.set('file', new Blob([new Uint8Array([0, 255])], { type: 'application/octet-stream' }), 'a.bin');
    const multipart = await instance.post('/api/m', data);
    const boundary = /boundary=(.+)$/.exec(multipart.data.contentType)?.[1];
    expect(boundary).toBeDefined();
    expect(multipart.data.body).toContain(`--${boundary}--`);
    expect(multipart.data.body).toContain('name="title"\r\n\r\nAda');
  });

  it('signs and sends a GET without a body, even when data is given', async () => {
    const response = await api().request({ method: 'get', url: '/api/g', data: 'ignored', headers: { 'content-type': 'text/plain' } });
    expect(response.data).toMatchObject({ by: 'client-1', method: 'GET', bytes: 0, contentType: null });
  });

  it('signs the URL axios builds from baseURL, url and params', async () => {
    const response = await api().get('/api/search', { params: { q: 'a b', tag: ['x', 'y'], n: 1, s: 'é/&' } });
    expect(response.status).toBe(200);
    expect(response.data.target.startsWith('/api/search?')).toBe(true);
    expect(response.data.covered).toEqual(expect.arrayContaining(['"@query"']));
  });

  it("keeps axios' errors: a rejection is an AxiosError with the server's code", async () => {
    const error = await axios.post(`${server.base}/api/orders`, { qty: 2 }, { adapter }).catch((e) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.response.status).toBe(401);
    expect(error.response.data.error.code).toBe('SIGNATURE_MISSING');
  });

  it("keeps axios' timeouts and cancellation: the same errors as without signing", async () => {
    const plain = await axios.get(`${server.base}/public/slow`, { adapter, timeout: 200 }).catch((e) => e);
    const timedOut = await api()
      .get('/api/slow', { timeout: 200 })
      .catch((e) => e);
    expect(timedOut).toBeInstanceOf(AxiosError);
    expect(plain).toBeInstanceOf(AxiosError);
    expect(timedOut.code).toBe(plain.code);
    expect(timedOut.message).toBe(plain.message);
    const controller = new AbortController();
    const pending = api().get('/api/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const canceled = await pending.catch((e) => e);
    expect(axios.isCancel(canceled)).toBe(true);
    const early = new AbortController();
    early.abort();
    expect(
      axios.isCancel(
        await api()
          .get('/api/orders', { signal: early.signal })
          .catch((e) => e),
      ),
    ).toBe(true);
  });

  it('signs a resent config afresh (a retry, as axios-retry does it)', async () => {
    const instance = api();
    const failed = await instance.get(`/api/flaky/${adapter}`).catch((e) => e);
    expect(failed).toBeInstanceOf(AxiosError);
    expect(failed.response.status).toBe(503);
    expect(failed.config.headers.has('signature')).toBe(false);
    const retried = await instance.request(failed.config);
    expect(retried.status).toBe(200);
    expect(retried.data.by).toBe('client-1');
  });

  it("uses the signer's clock correction", async () => {
    const shifted = signer();
    shifted.setClockOffset(-30);
    const response = await signAxios(axios.create({ baseURL: server.base, adapter }), shifted).get('/api/clock');
    expect(Math.floor(Date.now() / 1000) - 30 - response.data.created).toBeLessThanOrEqual(1);
  });
});

describe('signAxios refuses what it cannot sign, before anything is sent', () => {
  it('a stream body is BODY_NOT_BUFFERABLE', async () => {
    const before = server.requests();
    const instance = signAxios(axios.create({ baseURL: server.base }), signer());
    const error = await instance.post('/api/s', Readable.from(['a', 'b']), { headers: { 'content-type': 'text/plain' } }).catch((e) => e);
    expect(isSignwireError(error, 'BODY_NOT_BUFFERABLE')).toBe(true);
    expect(error.message).toContain('stream body');
    expect(server.requests()).toBe(before);
  });

  it('a relative URL in Node is URL_INVALID', async () => {
    const error = await signAxios(axios.create(), signer())
      .get('/api/x')
      .catch((e) => e);
    expect(isSignwireError(error, 'URL_INVALID')).toBe(true);
  });

  it('a Signature header set by the caller is HEADER_FORBIDDEN', async () => {
    const error = await signAxios(axios.create({ baseURL: server.base }), signer())
      .get('/api/x', { headers: { signature: 'sig=:AAAA:' } })
      .catch((e) => e);
    expect(isSignwireError(error, 'HEADER_FORBIDDEN')).toBe(true);
  });

  it('a per-request adapter is signed too', async () => {
    const response = await signAxios(axios.create({ baseURL: server.base }), signer()).post('/api/p', { a: 1 }, { adapter: 'fetch' });
    expect(response.data.by).toBe('client-1');
  });

  it('refuses an instance or a signer that is not one', () => {
    expect(() => signAxios({}, signer())).toThrow('instance must be axios or an instance from axios.create()');
    expect(() => signAxios(axios.create(), {})).toThrow('signer must come from createSigner()');
  });
});
