// Adapter behaviour over real servers and global fetch: bodies handed on, per-route mounting, a
// body parser mounted too early, CORS preflights, and rejections as { error: { code, message } }.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { signwire } from '../../src/adapters/express.js';
import { createVerifier, type Verifier } from '../../src/index.js';
import { SECRET, sign } from '../helpers.js';
import { ADAPTERS, type Running, type Summary, startServer } from './servers.js';

const created = (): number => Math.floor(Date.now() / 1000);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function verifierFor(port: number): Verifier {
  return createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: `http://127.0.0.1:${port}`, requiredComponents: ['x-request-id'] });
}

async function started(adapter: (typeof ADAPTERS)[number]): Promise<{ server: Running; base: string; verifier: Verifier }> {
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
  // The policy is read at construction for CORS, so install a provisional verifier first.
  holder.verifier = verifierFor(1);
  const server = await startServer(adapter, lazy, { origins: ['https://app.example.com'], allowHeaders: ['x-trace'] });
  holder.verifier = verifierFor(server.port);
  closers.push(() => server.close());
  return { server, base: `http://127.0.0.1:${server.port}`, verifier: holder.verifier };
}

describe.each(ADAPTERS)('%s adapter', (adapter) => {
  it('hands on the parsed JSON body and the verified result', async () => {
    const { base } = await started(adapter);
    const parts = sign({
      created: created(),
      url: `${base}/orders`,
      body: '{"qty":2}',
      headers: [
        ['content-type', 'application/json'],
        ['x-request-id', 'r1'],
      ],
      components: ['x-request-id'],
    });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Summary;
    expect(summary.keyId).toBe('client-1');
    expect(summary.appBody).toEqual({ qty: 2 });
    expect(summary.bodyBase64).toBe(Buffer.from('{"qty":2}').toString('base64'));
  });

  it('answers a rejection as { error: { code, message } } with its status', async () => {
    const { base } = await started(adapter);
    const response = await fetch(`${base}/orders`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'SIGNATURE_MISSING', message: expect.any(String) } });
  });

  it('refuses a signature that does not cover a required header', async () => {
    const { base } = await started(adapter);
    const parts = sign({ created: created(), url: `${base}/orders`, method: 'GET' });
    const response = await fetch(parts.url, { headers: parts.headers });
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('COMPONENT_MISSING');
  });

  it('stops at maxBodyBytes on a chunked body (BODY_TOO_LARGE, 413)', async () => {
    const { base } = await started(adapter);
    const parts = sign({ created: created(), url: `${base}/orders`, method: 'GET' });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 65_536;
        if (sent > 64 * 1_048_576) controller.close();
        else controller.enqueue(new Uint8Array(65_536));
      },
    });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body, duplex: 'half' } as RequestInit).catch(
      () => undefined,
    );
    if (response !== undefined) {
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    }
    expect(sent).toBeLessThan(64 * 1_048_576);
  });
});

describe.each(ADAPTERS.filter((a) => a !== 'node'))('%s adapter: CORS option', (adapter) => {
  it('answers a CORS preflight allowing the signature headers, without verifying it', async () => {
    const { base } = await started(adapter);
    const response = await fetch(`${base}/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'signature',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['signature', 'signature-input', 'content-digest', 'content-type', 'x-request-id', 'x-trace']),
    );
  });

  it('adds CORS headers to rejections of an allowed origin', async () => {
    const { base } = await started(adapter);
    const response = await fetch(`${base}/orders`, { headers: { origin: 'https://app.example.com' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});

describe('express specifics', () => {
  async function listen(app: express.Express): Promise<string> {
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((done) => server.close(() => done())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('works mounted per route, leaving other routes alone', async () => {
    const app = express();
    const holder: { v?: Verifier } = {};
    app.get('/public', (_req, res) => res.json({ open: true }));
    app.post(
      '/signed',
      (req, res, next) => signwire(holder.v as Verifier)(req, res, next),
      (req, res) => res.json({ by: req.signwire?.keyId, body: req.body }),
    );
    const base = await listen(app);
    holder.v = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: base });
    expect(await (await fetch(`${base}/public`)).json()).toEqual({ open: true });
    const parts = sign({ created: created(), url: `${base}/signed`, body: '{"a":1}' });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(await response.json()).toEqual({ by: 'client-1', body: { a: 1 } });
  });

  it('works mounted under a path prefix (Express strips it from req.url; the signed path is the full one)', async () => {
    const app = express();
    const holder: { v?: Verifier } = {};
    const api = express.Router();
    api.post('/orders', (req, res) => res.json({ by: req.signwire?.keyId, path: req.originalUrl }));
    app.use('/api', (req, res, next) => signwire(holder.v as Verifier)(req, res, next), api);
    const base = await listen(app);
    holder.v = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: base });
    const parts = sign({ created: created(), url: `${base}/api/orders?x=1`, body: '{"a":1}' });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ by: 'client-1', path: '/api/orders?x=1' });
    const forged = sign({ created: created(), url: `${base}/orders?x=1`, body: '{"a":1}' });
    const replayedUnderPrefix = await fetch(`${base}/api/orders?x=1`, { method: 'POST', headers: forged.headers, body: forged.body });
    expect(replayedUnderPrefix.status).toBe(401);
    expect(((await replayedUnderPrefix.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
  });

  it('a JSON body parser mounted first is CONFIGURATION_INVALID (500), never a re-serialized body', async () => {
    const app = express();
    const holder: { v?: Verifier } = {};
    app.use(express.json());
    app.use((req, res, next) => signwire(holder.v as Verifier)(req, res, next));
    app.use((_req, res) => res.json({ reached: true }));
    const base = await listen(app);
    holder.v = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: base });
    const parts = sign({ created: created(), url: `${base}/x`, body: '{"a":1}' });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CONFIGURATION_INVALID');
  });

  it('accepts the raw bytes captured by express.raw() mounted first', async () => {
    const app = express();
    const holder: { v?: Verifier } = {};
    app.use(express.raw({ type: '*/*' }));
    app.use((req, res, next) => signwire(holder.v as Verifier)(req, res, next));
    app.use((req, res) => res.json({ by: req.signwire?.keyId, body: req.body }));
    const base = await listen(app);
    holder.v = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: base });
    const parts = sign({ created: created(), url: `${base}/x`, body: '{"a":1}' });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(await response.json()).toEqual({ by: 'client-1', body: { a: 1 } });
  });
});
