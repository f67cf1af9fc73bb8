// withSignwire (@signwire/server/fetch) on its own: what the wrapped handler receives, which runtime
// arguments pass through, which errors are answered and which propagate, and the construction checks.
// The shared adapter suites (servers.ts 'fetch') run it over a real socket with every verify vector,
// CORS, content codings, signed responses, form bodies and a failing replay store.
import { isSignwireError, SignwireError, VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { type SignwireRequest, withSignwire } from '../../src/adapters/fetch.js';
import { createVerifier, type VerifierOptions } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign, signedRequest } from '../helpers.js';

function verifierWith(options: Partial<VerifierOptions> = {}) {
  return createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, ...options });
}

async function codeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('withSignwire: the handler', () => {
  it('receives a request whose body is the verified bytes, with request.signwire', async () => {
    const seen: unknown[] = [];
    const handler = withSignwire(verifierWith(), async (request) => {
      seen.push(request.signwire.keyId, request.signwire.json, await request.json(), request.headers.get('content-type'), request.method);
      return new Response('ok');
    });
    const response = await handler(signedRequest({ body: '{"qty":2,"sku":"a"}' }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['client-1', { qty: 2, sku: 'a' }, { qty: 2, sku: 'a' }, 'application/json', 'POST']);
  });

  it('gets a GET request without a body, the URL unchanged', async () => {
    let received: SignwireRequest | undefined;
    const handler = withSignwire(verifierWith(), (request) => {
      received = request;
      return new Response('ok');
    });
    await handler(signedRequest({ method: 'GET', url: `${ORIGIN}/v1/orders?id=7` }));
    expect(received?.body).toBeNull();
    expect(received?.url).toBe(`${ORIGIN}/v1/orders?id=7`);
    expect(received?.signwire.body.length).toBe(0);
  });

  it('gets the runtime arguments after the request unchanged (Workers: env and ctx; Next.js: { params })', async () => {
    const env = { DB: 'db' };
    const ctx = { waitUntil: () => undefined };
    const calls: unknown[][] = [];
    const handler = withSignwire(verifierWith(), (_request: Request, ...rest: [typeof env, typeof ctx]) => {
      calls.push(rest);
      return new Response('ok');
    });
    await handler(signedRequest({ body: '{}' }), env, ctx);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(env);
    expect(calls[0]?.[1]).toBe(ctx);
  });

  it('is not called for a rejected request, which is answered with its code and status', async () => {
    let calls = 0;
    const handler = withSignwire(verifierWith(), () => {
      calls += 1;
      return new Response('ok');
    });
    const unsigned = await handler(new Request(`${ORIGIN}/v1/orders`, { method: 'POST', body: '{}' }));
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await codeOf(unsigned)).toBe('SIGNATURE_MISSING');
    const parts = sign({ body: '{"qty":2}' });
    const forged = await handler(new Request(parts.url, { method: parts.method, headers: parts.headers, body: '{"qty":9}' }));
    expect(forged.status).toBe(401);
    expect(await codeOf(forged)).toBe('DIGEST_MISMATCH');
    expect(calls).toBe(0);
  });

  it('answers a request whose body was read before it ran with CONFIGURATION_INVALID (500)', async () => {
    const request = signedRequest({ body: '{}' });
    await request.text();
    const response = await withSignwire(verifierWith(), () => new Response('ok'))(request);
    expect(response.status).toBe(500);
    expect(await codeOf(response)).toBe('CONFIGURATION_INVALID');
  });

  it('answers a Signwire error thrown by the handler (readFormData FORM_INVALID) with its code and status', async () => {
    const handler = withSignwire(verifierWith(), () => {
      throw new VerificationError('FORM_INVALID', 'the multipart body does not parse');
    });
    const response = await handler(signedRequest({ body: '{}' }));
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe('FORM_INVALID');
  });

  it('lets other handler errors propagate to the runtime', async () => {
    const failure = new Error('database down');
    const handler = withSignwire(verifierWith(), () => {
      throw failure;
    });
    await expect(handler(signedRequest({ body: '{}' }))).rejects.toBe(failure);
  });

  it('lets a failing key resolver propagate (not a rejection: the runtime answers 500)', async () => {
    const outage = new Error('key service unreachable');
    const handler = withSignwire(
      verifierWith({
        keys: () => {
          throw outage;
        },
      }),
      () => new Response('ok'),
    );
    const error = await handler(signedRequest({ body: '{}' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isSignwireError(error)).toBe(false);
  });

  it('refuses a handler result that is not a Response, naming what it was', async () => {
    const handler = withSignwire(verifierWith(), (() => ({ ok: true })) as unknown as () => Response);
    await expect(handler(signedRequest({ body: '{}' }))).rejects.toThrow('the handler returned object, not a Response');
  });
});

describe('withSignwire: runtime context', () => {
  it('verifies the request target the context option returns, from the runtime arguments', async () => {
    // Signed for /v1/orders; the Fetch URL says /v1/other. The runtime's raw target is the signed one.
    const parts = sign({ url: `${ORIGIN}/v1/orders`, body: '{}' });
    const request = () => new Request(`${ORIGIN}/v1/other`, { method: 'POST', headers: parts.headers, body: parts.body });
    const plain = withSignwire(verifierWith(), () => new Response('ok'));
    expect(await codeOf(await plain(request()))).toBe('SIGNATURE_INVALID');
    const withContext = withSignwire(verifierWith(), (_request: Request, _info: { rawTarget: string }) => new Response('ok'), {
      context: (_request, info) => ({ requestTarget: info.rawTarget }),
    });
    expect((await withContext(request(), { rawTarget: '/v1/orders' })).status).toBe(200);
  });

  it("reads @hono/node-server's env.incoming by default", async () => {
    const parts = sign({ url: `${ORIGIN}/v1/orders`, body: '{}' });
    const handler = withSignwire(verifierWith(), (_request: Request, _env: unknown) => new Response('ok'));
    const request = new Request(`${ORIGIN}/v1/other`, { method: 'POST', headers: parts.headers, body: parts.body });
    const response = await handler(request, { incoming: { url: '/v1/orders', socket: { remoteAddress: '127.0.0.1' } } });
    expect(response.status).toBe(200);
  });
});

describe('withSignwire: CORS', () => {
  const cors = { origins: ['https://app.example.com'] };

  it('answers a preflight without calling the handler', async () => {
    let calls = 0;
    const handler = withSignwire(
      verifierWith(),
      () => {
        calls += 1;
        return new Response('ok');
      },
      { cors },
    );
    const response = await handler(
      new Request(`${ORIGIN}/v1/orders`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-headers')).toContain('signature-input');
    expect(calls).toBe(0);
  });

  it('adds CORS headers to a response whose headers are immutable (Response.redirect)', async () => {
    const handler = withSignwire(verifierWith(), () => Response.redirect(`${ORIGIN}/v1/elsewhere`, 303), { cors });
    const parts = sign({ body: '{}', headers: [['content-type', 'application/json']] });
    const response = await handler(
      new Request(parts.url, { method: 'POST', headers: [...parts.headers, ['origin', 'https://app.example.com']], body: parts.body }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${ORIGIN}/v1/elsewhere`);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('adds CORS headers to rejections, so the browser can read the code', async () => {
    const handler = withSignwire(verifierWith(), () => new Response('ok'), { cors });
    const response = await handler(new Request(`${ORIGIN}/v1/orders`, { method: 'POST', headers: { origin: 'https://app.example.com' } }));
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});

describe('withSignwire: construction', () => {
  it('refuses a verifier that is not one, and a handler that is not a function', () => {
    expect(() => withSignwire({} as never, () => new Response('ok'))).toThrow('verifier must come from createVerifier()');
    expect(() => withSignwire(verifierWith(), 'handler' as never)).toThrow('handler must be a function');
    expect(() => withSignwire(verifierWith(), () => new Response('ok'), { context: 1 as never })).toThrow(
      'options.context must be a function',
    );
  });

  it('refuses malformed CORS and response signing options with CONFIGURATION_INVALID', () => {
    const codeOfThrow = (make: () => unknown): string | undefined => {
      try {
        make();
      } catch (error) {
        return error instanceof SignwireError ? error.code : String(error);
      }
      return undefined;
    };
    expect(codeOfThrow(() => withSignwire(verifierWith(), () => new Response('ok'), { cors: { origins: [] } }))).toBe(
      'CONFIGURATION_INVALID',
    );
    expect(codeOfThrow(() => withSignwire(verifierWith(), () => new Response('ok'), { signResponses: { maxBodyBytes: -1 } }))).toBe(
      'CONFIGURATION_INVALID',
    );
  });
});
