// Signed responses and authenticated clock correction end to end: the real client
// (createSignedFetch + verifySignedResponses) against each adapter on a real 127.0.0.1 server whose
// clock can be injected, plus the rejection paths (bad MAC, unknown key, forged Date, tampered time,
// a response replayed onto another request).
import { afterEach, describe, expect, it } from 'vitest';
import { createSignedFetch, createSigner, type FetchLike, isSignwireError, type Signer } from '../../../client/src/index.js';
import { verifySignedResponses } from '../../../client/src/responses.js';
import { createVerifier, type ResponseSigningSetting, type Verifier } from '../../src/index.js';
import { OTHER_SECRET, SECRET } from '../helpers.js';
import { ADAPTERS, type AdapterName, type Running, type Summary, SwitchableVerifier, startServer } from './servers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface Setup {
  base: string;
  verifier: Verifier;
}

async function serve(adapter: AdapterName, skewSeconds = 0, signResponses: ResponseSigningSetting = true): Promise<Setup> {
  const switchable = new SwitchableVerifier();
  const make = (port: number): Verifier =>
    createVerifier({
      keys: { 'client-1': SECRET },
      publicOrigin: `http://127.0.0.1:${port}`,
      now: () => Date.now() / 1000 + skewSeconds,
      signResponses,
    });
  switchable.current = make(1);
  const server: Running = await startServer(adapter, switchable, { origins: ['https://app.example.com'] });
  switchable.current = make(server.port);
  closers.push(() => server.close());
  return { base: `http://127.0.0.1:${server.port}`, verifier: switchable.current };
}

function counting(inner: FetchLike = (request) => fetch(request)): { fetch: FetchLike; sent: Request[] } {
  const sent: Request[] = [];
  return {
    sent,
    fetch: (request) => {
      sent.push(request.clone());
      return inner(request);
    },
  };
}

function client(
  send: FetchLike,
  secret: typeof SECRET | typeof OTHER_SECRET = SECRET,
): { signer: Signer; signedFetch: ReturnType<typeof createSignedFetch> } {
  const signer = createSigner({ keyId: 'client-1', secret });
  return { signer, signedFetch: createSignedFetch(signer, { fetch: send, responses: verifySignedResponses({ secret }) }) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSignwireError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a SignwireError');
}

function nonceOf(request: Request): string | undefined {
  return /;nonce="([^"]+)"/.exec(request.headers.get('signature-input') ?? '')?.[1];
}

describe.each(ADAPTERS)('%s adapter: signed responses', (adapter) => {
  it('signs the response, which the client verifies and returns with the verified bytes', async () => {
    const { base } = await serve(adapter);
    const { signedFetch } = client((request) => fetch(request));
    const response = await signedFetch.json(`${base}/orders?x=1`, { qty: 2 });
    expect(response.status).toBe(200);
    expect(response.headers.get('signature-input')).toMatch(/^sig1=\("@status" "content-type" "content-digest" "@method";req/);
    expect(response.headers.get('signature-input')).toContain('tag="signwire-v1-response"');
    const summary = (await response.json()) as Summary;
    expect(summary.appBody).toEqual({ qty: 2 });
  });

  it.each([
    ['SIGNATURE_EXPIRED', 600],
    ['SIGNATURE_FROM_FUTURE', -600],
  ])('corrects a 10-minute clock error from the signed %s rejection: one retry, then first time', async (_code, skew) => {
    const { base } = await serve(adapter, skew);
    const counter = counting();
    const { signer, signedFetch } = client(counter.fetch);
    const first = await signedFetch(`${base}/a`, { method: 'POST', body: 'payload' });
    expect(first.status).toBe(200);
    expect(counter.sent).toHaveLength(2);
    expect(Math.abs(signer.clockOffsetSeconds - skew)).toBeLessThanOrEqual(2);
    expect(nonceOf(counter.sent[0] as Request)).not.toBe(nonceOf(counter.sent[1] as Request));
    expect(await (counter.sent[1] as Request).text()).toBe('payload');
    for (const path of ['/b', '/c']) {
      const response = await signedFetch(`${base}${path}`);
      expect(response.status).toBe(200);
    }
    expect(counter.sent).toHaveLength(4);
  });

  it('does not sign a time rejection whose MAC is wrong (same key id, other secret)', async () => {
    const { base } = await serve(adapter, 600);
    const signer = createSigner({ keyId: 'client-1', secret: OTHER_SECRET });
    const response = await fetch(await signer.signRequest(new Request(`${base}/a`)));
    expect(response.status).toBe(401);
    expect(response.headers.get('signature')).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_EXPIRED');
    const counter = counting();
    const { signer: wrong, signedFetch } = client(counter.fetch, OTHER_SECRET);
    expect(await codeOf(signedFetch(`${base}/a`))).toBe('SIGNATURE_MISSING');
    expect(wrong.clockOffsetSeconds).toBe(0);
    expect(counter.sent).toHaveLength(1);
  });

  it('does not sign a time rejection for an unknown key', async () => {
    const { base } = await serve(adapter, 600);
    const signer = createSigner({ keyId: 'nobody', secret: SECRET });
    const response = await fetch(await signer.signRequest(new Request(`${base}/a`)));
    expect(response.status).toBe(401);
    expect(response.headers.get('signature')).toBeNull();
  });

  it('ignores a forged unsigned Date (SIGNATURE_MISSING, clock unchanged, no retry)', async () => {
    const { base } = await serve(adapter, 600);
    const counter = counting(async (request) => {
      const real = await fetch(request);
      const headers = new Headers(real.headers);
      for (const name of ['signature', 'signature-input', 'content-digest']) headers.delete(name);
      headers.set('date', new Date(Date.now() + 3_600_000).toUTCString());
      return new Response(await real.arrayBuffer(), { status: real.status, headers });
    });
    const { signer, signedFetch } = client(counter.fetch);
    expect(await codeOf(signedFetch(`${base}/a`))).toBe('SIGNATURE_MISSING');
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(counter.sent).toHaveLength(1);
  });

  it('ignores a tampered signed time (SIGNATURE_INVALID, clock unchanged, no retry)', async () => {
    const { base } = await serve(adapter, 600);
    const counter = counting(async (request) => {
      const real = await fetch(request);
      const headers = new Headers(real.headers);
      headers.set(
        'signature-input',
        (headers.get('signature-input') ?? '').replace(/created=(\d+)/, (_m, t) => `created=${Number(t) + 3000}`),
      );
      return new Response(await real.arrayBuffer(), { status: real.status, headers });
    });
    const { signer, signedFetch } = client(counter.fetch);
    expect(await codeOf(signedFetch(`${base}/a`))).toBe('SIGNATURE_INVALID');
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(counter.sent).toHaveLength(1);
  });

  it('refuses a signed response replayed onto another request (SIGNATURE_INVALID)', async () => {
    const { base } = await serve(adapter);
    let captured: { body: ArrayBuffer; status: number; headers: Headers } | undefined;
    const { signedFetch } = client(async (request) => {
      if (captured !== undefined) return new Response(captured.body, { status: captured.status, headers: captured.headers });
      const real = await fetch(request);
      captured = { body: await real.clone().arrayBuffer(), status: real.status, headers: real.headers };
      return real;
    });
    expect((await signedFetch(`${base}/a`)).status).toBe(200);
    expect(await codeOf(signedFetch(`${base}/a`))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a response whose body was changed (DIGEST_MISMATCH)', async () => {
    const { base } = await serve(adapter);
    const { signedFetch } = client(async (request) => {
      const real = await fetch(request);
      const text = (await real.text()).replace('client-1', 'client-2');
      return new Response(text, { status: real.status, headers: real.headers });
    });
    expect(await codeOf(signedFetch(`${base}/a`))).toBe('DIGEST_MISMATCH');
  });

  // The Node adapter has no CORS option; the others expose the signature fields.
  if (adapter !== 'node')
    it('exposes the signature fields to cross-origin scripts', async () => {
      const { base, verifier } = await serve(adapter);
      const signer = createSigner({ keyId: 'client-1', secret: SECRET });
      const request = await signer.signRequest(new Request(`${base}/a`, { headers: { origin: 'https://app.example.com' } }));
      const response = await fetch(request);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-expose-headers')).toBe('Signature, Signature-Input, Content-Digest');
      expect(verifier.responseSigning).toEqual({ bufferStreams: false, maxBodyBytes: 1_048_576, components: [] });
    });
});
