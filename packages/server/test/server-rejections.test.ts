// The rejection paths that belong to the server package (the protocol ones are proven by the
// vectors): body limit while streaming, replay store full, consumed body, proxies, requireExpires,
// JSON that does not parse. Each asserts its code and status.
import { describe, expect, it } from 'vitest';
import { readBody } from '../src/body-reader.js';
import { createMemoryNonceStore, createVerifier, type VerifierOptions } from '../src/index.js';
import { NOW, ORIGIN, SECRET, sign, signedRequest } from './helpers.js';

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW };

function streamOf(chunks: number, size: number, pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      pulled.count++;
      if (pulled.count > chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
}

describe('server rejection paths', () => {
  it('BODY_TOO_LARGE while streaming without Content-Length, stopping at the limit', async () => {
    const pulled = { count: 0 };
    await expect(readBody(streamOf(1000, 1024, pulled), 4096)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE', status: 413 });
    expect(pulled.count).toBeLessThan(10);
    const parts = sign({ method: 'GET' });
    const request = new Request(parts.url, {
      method: 'POST',
      headers: parts.headers,
      body: streamOf(1000, 1024, { count: 0 }),
      duplex: 'half',
    } as RequestInit);
    await expect(createVerifier({ ...base, maxBodyBytes: 4096 }).verify(request)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('NONCE_STORE_FULL (503) when the store is full of live nonces, and the forged request stored nothing', async () => {
    const nonceStore = createMemoryNonceStore({ maxEntries: 2 });
    const verifier = createVerifier({ ...base, nonceStore });
    await expect(verifier.verify(signedRequest({ secret: { hex: 'ee'.repeat(32) } }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(nonceStore.size).toBe(0);
    await verifier.verify(signedRequest());
    await verifier.verify(signedRequest());
    await expect(verifier.verify(signedRequest())).rejects.toMatchObject({ code: 'NONCE_STORE_FULL', status: 503 });
    expect(nonceStore.size).toBe(2);
  });

  it('CONFIGURATION_INVALID (500) when the body was read before the verifier', async () => {
    const request = signedRequest({ body: '{"a":1}' });
    await request.text();
    await expect(createVerifier(base).verify(request)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID', status: 500 });
  });

  it('PARAMETER_MISSING when the policy requires expires', async () => {
    const verifier = createVerifier({ ...base, requireExpires: true });
    await expect(verifier.verify(signedRequest())).rejects.toMatchObject({ code: 'PARAMETER_MISSING' });
    await expect(verifier.verify(signedRequest({ expires: NOW + 30 }))).resolves.toMatchObject({ expires: NOW + 30 });
  });

  it('JSON_UNSUPPORTED when a JSON body does not parse (after the MAC verified)', async () => {
    await expect(createVerifier(base).verify(signedRequest({ body: '{"a":' }))).rejects.toMatchObject({
      code: 'JSON_UNSUPPORTED',
      status: 400,
    });
  });

  it('URL_INVALID for an absolute-form or fragment request target', async () => {
    const verifier = createVerifier(base);
    await expect(verifier.verify(signedRequest(), { requestTarget: 'https://api.example.com/v1' })).rejects.toMatchObject({
      code: 'URL_INVALID',
    });
    await expect(verifier.verify(signedRequest(), { requestTarget: '/v1#x' })).rejects.toMatchObject({ code: 'URL_INVALID' });
  });
});

describe('origin: never a blind trust in Host', () => {
  const parts = sign({ method: 'GET' });
  const behindProxy = (url: string, extra: [string, string][]): Request => new Request(url, { headers: [...parts.headers, ...extra] });

  it('publicOrigin ignores the Host the request arrived with', async () => {
    const verifier = createVerifier(base);
    await expect(verifier.verify(behindProxy('http://10.0.0.5:8080/v1/orders?dry_run=1', []))).resolves.toMatchObject({
      keyId: 'client-1',
    });
  });

  it('trustedProxies uses X-Forwarded-Host/Proto only from a trusted peer', async () => {
    const verifier = createVerifier({ ...base, publicOrigin: undefined, trustedProxies: ['10.0.0.1'] });
    const forwarded: [string, string][] = [
      ['x-forwarded-host', 'api.example.com'],
      ['x-forwarded-proto', 'https'],
    ];
    const url = 'http://10.0.0.5:8080/v1/orders?dry_run=1';
    await expect(verifier.verify(behindProxy(url, forwarded), { remoteAddress: '::ffff:10.0.0.1' })).resolves.toMatchObject({
      keyId: 'client-1',
    });
    await expect(verifier.verify(behindProxy(url, forwarded), { remoteAddress: '10.9.9.9' })).rejects.toMatchObject({
      code: 'URL_INVALID',
    });
    await expect(verifier.verify(behindProxy(url, forwarded))).rejects.toMatchObject({ code: 'URL_INVALID' });
    const twice: [string, string][] = [['x-forwarded-host', 'evil.example, api.example.com'], ...forwarded.slice(1)];
    await expect(verifier.verify(behindProxy(url, twice), { remoteAddress: '10.0.0.1' })).rejects.toMatchObject({ code: 'URL_INVALID' });
  });

  it('trustHost takes the origin from the request URL', async () => {
    const verifier = createVerifier({ ...base, publicOrigin: undefined, trustHost: true });
    await expect(verifier.verify(behindProxy(parts.url, []))).resolves.toMatchObject({ keyId: 'client-1' });
    await expect(verifier.verify(behindProxy('https://evil.example/v1/orders?dry_run=1', []))).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
  });
});
