// A replay store that fails (a lost Redis connection, a timeout, a bug in a custom store) refuses
// the request with NONCE_STORE_UNAVAILABLE (503), through the verifier and through every adapter:
// never accepted without its nonce recorded, never an untyped 500.
import { VerificationError } from '@signwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createVerifier, type NonceStore, type Verifier, type VerifierOptions } from '../src/index.js';
import { ADAPTERS, startServer } from './adapters/servers.js';
import { NOW, ORIGIN, SECRET, sign, signedRequest } from './helpers.js';

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW };

/** The failure a client library reports when Redis is down, with details that must not reach the client. */
const refused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6379 (redis://:hunter2@cache)'), { code: 'ECONNREFUSED' });

const rejecting: NonceStore = { checkAndRemember: () => Promise.reject(refused()) };
const throwing: NonceStore = {
  checkAndRemember: () => {
    throw refused();
  },
};

describe('a failing replay store', () => {
  it.each([
    ['rejects', rejecting],
    ['throws synchronously', throwing],
  ])('that %s refuses with NONCE_STORE_UNAVAILABLE (503), the failure as cause and not in the message', async (_, nonceStore) => {
    const verifier = createVerifier({ ...base, nonceStore });
    const error = await verifier.verify(signedRequest({ body: '{"qty":1}' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE', status: 503, cause: { code: 'ECONNREFUSED' } });
    const { message } = error as Error;
    expect(message).toMatch(/replay store/);
    expect(message).not.toMatch(/ECONNREFUSED|hunter2|10\.1\.2\.3/);
  });

  it('reports the refusal to onFailure with its code', async () => {
    const seen: unknown[] = [];
    const verifier = createVerifier({ ...base, nonceStore: rejecting, onFailure: (error) => seen.push(error) });
    await expect(verifier.verify(signedRequest())).rejects.toMatchObject({ code: 'NONCE_STORE_UNAVAILABLE' });
    expect(seen).toEqual([expect.objectContaining({ code: 'NONCE_STORE_UNAVAILABLE' })]);
  });

  it("keeps a store's own Signwire error (NONCE_STORE_FULL) as it is", async () => {
    const full: NonceStore = { checkAndRemember: () => Promise.reject(new VerificationError('NONCE_STORE_FULL', 'full')) };
    await expect(createVerifier({ ...base, nonceStore: full }).verify(signedRequest())).rejects.toMatchObject({
      code: 'NONCE_STORE_FULL',
      status: 503,
    });
  });

  it('is reached only by an authentic request: a forged one is SIGNATURE_INVALID without asking the store', async () => {
    let asked = 0;
    const counting: NonceStore = {
      checkAndRemember: () => {
        asked++;
        return Promise.reject(refused());
      },
    };
    const verifier = createVerifier({ ...base, nonceStore: counting });
    await expect(verifier.verify(signedRequest({ secret: { hex: 'ee'.repeat(32) } }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(asked).toBe(0);
  });
});

describe.each(ADAPTERS)('%s adapter with a failing replay store', (adapter) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('answers 503 { error: { code: NONCE_STORE_UNAVAILABLE } }, not a 500', async () => {
    const holder: { verifier?: Verifier } = {};
    const lazy: Verifier = {
      get policy() {
        return (holder.verifier as Verifier).policy;
      },
      verify: (r, c) => (holder.verifier as Verifier).verify(r, c),
      verifyMessage: (m) => (holder.verifier as Verifier).verifyMessage(m),
      errorBody: (e) => (holder.verifier as Verifier).errorBody(e),
      errorResponse: (e) => (holder.verifier as Verifier).errorResponse(e),
      get responseSigning() {
        return (holder.verifier as Verifier).responseSigning;
      },
      responseSigner: (a, c) => (holder.verifier as Verifier).responseSigner(a, c),
    };
    const make = (port: number): Verifier =>
      createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: `http://127.0.0.1:${port}`, nonceStore: rejecting });
    holder.verifier = make(1);
    const server = await startServer(adapter, lazy);
    closers.push(() => server.close());
    holder.verifier = make(server.port);
    const parts = sign({ created: Math.floor(Date.now() / 1000), url: `http://127.0.0.1:${server.port}/orders`, body: '{"qty":2}' });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NONCE_STORE_UNAVAILABLE');
  });
});
