// keyIssuingRoute of every adapter, on a real listening server: 200 with the credentials and
// Cache-Control: no-store, 401 for nobody, a failure of the application's subject function or of
// issue() answered as a server error, and a key that the issuer's verifier then accepts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createNonce, importSecret, signRequest } from '@signwire/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIssuingRoute as expressRoute } from '../../src/adapters/express.js';
import { keyIssuingRoute as fastifyRoute } from '../../src/adapters/fastify.js';
import { keyIssuingRoute as honoRoute } from '../../src/adapters/hono.js';
import { keyIssuingRoute as nodeRoute } from '../../src/adapters/node.js';
import { createKeyIssuer, createVerifier, type KeyIssuer, keyIssuingResponse } from '../../src/index.js';

const NOW = 1_700_000_000;
const issuer = createKeyIssuer({
  masterKeys: { m2026: { base64: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=' } },
  currentMaster: 'm2026',
  now: () => NOW,
});

/** The stand-in for a session: the `x-user` header; `throw` makes the subject function fail. */
async function subjectOf(user: string | string[] | undefined): Promise<string | undefined> {
  if (user === 'throw') throw new Error('session store down');
  return typeof user === 'string' ? user : undefined;
}

interface Running {
  port: number;
  close(): Promise<void>;
}

function listening(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) }),
    ),
  );
}

const nodeErrors: unknown[] = [];

async function start(name: string, route: KeyIssuer): Promise<Running> {
  if (name === 'node') {
    const handle = nodeRoute(route, {
      subject: (req: IncomingMessage) => subjectOf(req.headers['x-user']),
      onError: (e) => nodeErrors.push(e),
    });
    const short = nodeRoute(route, { subject: (req: IncomingMessage) => subjectOf(req.headers['x-user']), ttlSeconds: 60 });
    return listening(createServer((req, res) => void (req.url === '/short' ? short(req, res) : handle(req, res))));
  }
  if (name === 'express') {
    const app = express();
    app.get('/session/signing-key', expressRoute(route, { subject: (req) => subjectOf(req.headers['x-user']) }));
    app.get('/short', expressRoute(route, { subject: (req) => subjectOf(req.headers['x-user']), ttlSeconds: 60 }));
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).end());
    return listening(createServer(app));
  }
  if (name === 'fastify') {
    const app = Fastify();
    app.get('/session/signing-key', fastifyRoute(route, { subject: (request) => subjectOf(request.headers['x-user']) }));
    app.get('/short', fastifyRoute(route, { subject: (request) => subjectOf(request.headers['x-user']), ttlSeconds: 60 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  }
  const app = new Hono();
  app.onError((_error, c) => c.text('failed', 500));
  app.get('/session/signing-key', honoRoute(route, { subject: (c) => subjectOf(c.req.header('x-user')) }));
  app.get('/short', honoRoute(route, { subject: (c) => subjectOf(c.req.header('x-user')), ttlSeconds: 60 }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) };
}

describe.each(['node', 'express', 'fastify', 'hono'])('keyIssuingRoute (%s)', (name) => {
  let running: Running;
  const get = (path: string, user?: string) =>
    fetch(`http://127.0.0.1:${running.port}${path}`, { headers: user === undefined ? {} : { 'x-user': user } });

  beforeAll(async () => {
    running = await start(name, issuer);
  });
  afterAll(() => running.close());

  it('answers 200 with { keyId, secret, expires } and Cache-Control: no-store', async () => {
    const response = await get('/session/signing-key', 'user-8412');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { keyId: string; secret: { base64url: string }; expires: number };
    expect(body).toEqual({
      keyId: 'swk1:m2026:user-8412:1700000000:1700000900',
      secret: { base64url: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      expires: NOW + 900,
    });
    // The key verifies with the issuer's verifier, as the user.
    const request = { method: 'GET', url: 'https://api.example.com/v1/me', headers: [] as [string, string][] };
    const parts = signRequest({ request, key: importSecret(body.secret), keyId: body.keyId, created: NOW + 5, nonce: createNonce() });
    const verifier = createVerifier({ keys: issuer, publicOrigin: 'https://api.example.com', now: () => NOW + 6, log: false });
    const verified = await verifier.verify(new Request(request.url, { headers: Object.entries(parts.headers) }));
    expect(verified.subject).toBe('user-8412');
  });

  it.each([
    ['cross-site', 403],
    ['Cross-Site', 403],
    ['same-site', 200],
    ['same-origin', 200],
    ['none', 200],
  ])('Sec-Fetch-Site: %s is answered %i (a page of another site gets no key, whatever CORS allows)', async (site, status) => {
    const response = await fetch(`http://127.0.0.1:${running.port}/session/signing-key`, {
      headers: { 'x-user': 'user-8412', 'sec-fetch-site': site },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await response.text();
    if (status === 403) expect(text).not.toMatch(/swk1:|secret/);
  });

  it('issues for the route ttlSeconds', async () => {
    const body = (await (await get('/short', 'u1')).json()) as { expires: number; keyId: string };
    expect(body).toMatchObject({ expires: NOW + 60, keyId: `swk1:m2026:u1:${NOW}:${NOW + 60}` });
  });

  it('answers 401 with Cache-Control: no-store when nobody is logged in', async () => {
    const response = await get('/session/signing-key');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { message: 'nobody is logged in: this route issues signing keys to logged-in users only' },
    });
  });

  it('answers a server error, without a key, when the subject function fails or issue() refuses the subject', async () => {
    for (const user of ['throw', 'auth0|42']) {
      const response = await get('/session/signing-key', user);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toMatch(/base64url/);
    }
    if (name === 'node') {
      expect(nodeErrors.map((e) => (e as { code?: string; message: string }).code ?? (e as Error).message)).toEqual([
        'session store down',
        'CONFIGURATION_INVALID',
      ]);
    }
  });
});

describe('keyIssuingRoute options', () => {
  it.each([
    ['express', () => expressRoute(issuer, {} as never)],
    ['fastify', () => fastifyRoute(issuer, {} as never)],
    ['hono', () => honoRoute(issuer, {} as never)],
    ['node', () => nodeRoute(issuer, {} as never)],
    ['express without an issuer', () => expressRoute({} as never, { subject: () => 'u1' })],
  ])('%s: refuses a route without a subject function or an issuer (CONFIGURATION_INVALID)', (_name, make) => {
    expect(make).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('keyIssuingRoute needs') }),
    );
  });
});

describe('keyIssuingResponse (Fetch)', () => {
  it('answers 200 with the credentials, or 401, both no-store', async () => {
    const ok = keyIssuingResponse(issuer, 'user-8412', { ttlSeconds: 120 });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toMatchObject({ keyId: `swk1:m2026:user-8412:${NOW}:${NOW + 120}`, expires: NOW + 120 });
    const nobody = keyIssuingResponse(issuer, null);
    expect(nobody.status).toBe(401);
    expect(nobody.headers.get('cache-control')).toBe('no-store');
  });
});
