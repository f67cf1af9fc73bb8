// publicOrigin with a client that signed another host: the 401 says only "the signature does not
// match"; onFailure, the debug body and the log say which host the request was sent to.
import { VerificationError } from '@signwire/core';
import { describe, expect, it, vi } from 'vitest';
import { createVerifier, type FailureDetails, type VerifierOptions } from '../src/index.js';
import { NOW, OTHER_SECRET, SECRET, sign, signedRequest } from './helpers.js';

const LOCAL = 'http://localhost:3000';
const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: 'https://api.example.com', now: () => NOW + 5, log: false };

async function rejectionOf(options: Partial<VerifierOptions>, request: Request): Promise<[VerificationError, FailureDetails]> {
  const onFailure = vi.fn();
  const verifier = createVerifier({ ...base, ...options, onFailure });
  const error = await verifier.verify(request).then(
    () => expect.unreachable('the request was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VerificationError);
  expect(onFailure).toHaveBeenCalledTimes(1);
  return [error as VerificationError, onFailure.mock.calls[0]?.[1] as FailureDetails];
}

describe('a failed MAC with publicOrigin names the host the request was sent to', () => {
  const local = (): Request => signedRequest({ url: `${LOCAL}/v1/orders?dry_run=1`, body: '{"a":1}' });

  it('onFailure gets the hint; the error message and the client body stay as they were', async () => {
    const [error, details] = await rejectionOf({}, local());
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toBe('the signature does not match');
    expect(details.hint).toBe(
      'the request was sent to host "localhost:3000", but @authority is taken from publicOrigin https://api.example.com: ' +
        'a client that called "localhost:3000" signed that host instead. Set publicOrigin to the origin clients use ' +
        '(behind a proxy that rewrites Host this difference is expected, and the cause is elsewhere)',
    );
    expect(details.keyId).toBe('client-1');
    const verifier = createVerifier(base);
    const plain = (await verifier.verify(local()).catch((e: unknown) => e)) as VerificationError;
    expect(verifier.errorBody(plain).error).toEqual({ code: 'SIGNATURE_INVALID', message: 'the signature does not match' });
  });

  it('the debug body carries the hint next to the signature base', async () => {
    const verifier = createVerifier({ ...base, debug: true });
    const error = (await verifier.verify(local()).catch((e: unknown) => e)) as VerificationError;
    const body = (await verifier.errorResponse(error).json()) as { error: Record<string, string> };
    expect(body.error.code).toBe('SIGNATURE_INVALID');
    expect(body.error.hint).toContain('the request was sent to host "localhost:3000"');
    expect(body.error.signatureBase).toContain('"@authority": api.example.com');
    expect(verifier.errorBody(error).error.hint).toBe(body.error.hint);
  });

  it('Node-style messages: the hint comes from Host', async () => {
    const parts = sign({ url: `${LOCAL}/v1/orders`, method: 'GET' });
    const onFailure = vi.fn();
    const verifier = createVerifier({ ...base, onFailure });
    const message = { method: 'GET', requestTarget: '/v1/orders', headers: [['Host', 'localhost:3000'], ...parts.headers], body: null };
    await expect(verifier.verifyMessage(message as never)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect((onFailure.mock.calls[0]?.[1] as FailureDetails).hint).toContain('sent to host "localhost:3000"');
  });

  it.each([
    ['the same host in another case with the default port', 'API.Example.com:443'],
    ['the same host without a port', 'api.example.com'],
  ])('no hint for %s', async (_name, host) => {
    // @authority is the configured one, so a MAC failure here has another cause (the key).
    const parts = sign({ url: 'https://api.example.com/v1/orders', method: 'GET', secret: OTHER_SECRET });
    const onFailure = vi.fn();
    const verifier = createVerifier({ ...base, onFailure });
    const headers = [['host', host], ...parts.headers] as [string, string][];
    await expect(verifier.verifyMessage({ method: 'GET', requestTarget: '/v1/orders', headers, body: null })).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    expect((onFailure.mock.calls[0]?.[1] as FailureDetails).hint).toBeUndefined();
  });

  it('no hint when the MAC fails for another reason on the public host (a Fetch request)', async () => {
    const [error, details] = await rejectionOf({}, signedRequest({ url: 'https://api.example.com/v1/orders', secret: OTHER_SECRET }));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(details.hint).toBeUndefined();
  });

  it('no hint for other rejections, even from another host', async () => {
    const [error, details] = await rejectionOf({}, new Request(`${LOCAL}/v1/orders`));
    expect(error.code).toBe('SIGNATURE_MISSING');
    expect(details.hint).toBeUndefined();
    const [replayed, second] = await (async () => {
      const onFailure = vi.fn();
      const verifier = createVerifier({ ...base, keys: { 'client-1': SECRET }, onFailure });
      const parts = sign({ url: 'https://api.example.com/v1/orders', method: 'GET' });
      const headers = [['host', 'localhost:3000'], ...parts.headers] as [string, string][];
      await verifier.verifyMessage({ method: 'GET', requestTarget: '/v1/orders', headers, body: null });
      const again = await verifier
        .verifyMessage({ method: 'GET', requestTarget: '/v1/orders', headers, body: null })
        .catch((e: unknown) => e);
      return [again as VerificationError, onFailure.mock.calls[0]?.[1] as FailureDetails];
    })();
    expect(replayed.code).toBe('NONCE_REPLAYED');
    expect(second.hint).toBeUndefined();
  });

  it('no hint with trustHost or trustedProxies (the authority comes from the request)', async () => {
    const [, trusted] = await rejectionOf(
      { publicOrigin: undefined, trustHost: true },
      signedRequest({ url: `${LOCAL}/v1/orders`, secret: OTHER_SECRET }),
    );
    expect(trusted.hint).toBeUndefined();
    const parts = sign({ url: 'https://api.example.com/v1/orders', method: 'GET', secret: OTHER_SECRET });
    const onFailure = vi.fn();
    const proxied = createVerifier({ ...base, publicOrigin: undefined, trustedProxies: ['10.0.0.1'], onFailure });
    const headers = [['host', 'localhost:3000'], ['x-forwarded-host', 'api.example.com'], ['x-forwarded-proto', 'https'], ...parts.headers];
    const message = {
      method: 'GET',
      requestTarget: '/v1/orders',
      headers: headers as [string, string][],
      body: null,
      remoteAddress: '10.0.0.1',
    };
    await expect(proxied.verifyMessage(message)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect((onFailure.mock.calls[0]?.[1] as FailureDetails).hint).toBeUndefined();
  });

  it('a host with control characters is shown escaped, on one line', async () => {
    const parts = sign({ url: 'https://api.example.com/v1/orders', method: 'GET', secret: OTHER_SECRET });
    const onFailure = vi.fn();
    const verifier = createVerifier({ ...base, onFailure });
    const headers = [['host', `evil.example\r\nx: y${'a'.repeat(200)}`], ...parts.headers] as [string, string][];
    await expect(verifier.verifyMessage({ method: 'GET', requestTarget: '/v1/orders', headers, body: null })).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    const { hint } = onFailure.mock.calls[0]?.[1] as FailureDetails;
    expect(hint).toContain('"evil.example??x:?y');
    expect(hint).not.toMatch(/[\r\n]/);
    expect(hint).toContain('...');
  });
});
