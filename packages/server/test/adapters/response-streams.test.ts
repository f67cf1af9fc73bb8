// Response signing details per adapter on real 127.0.0.1 servers: streamed bodies are signed only
// with bufferStreams (else sent unsigned), the buffer limit, per-route overrides, the plain Fetch
// errorResponse, and option checks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { importSecret, isSignwireError, verifyResponseSignature } from '@signwire/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import { signwire as expressSignwire } from '../../src/adapters/express.js';
import { signwirePlugin } from '../../src/adapters/fastify.js';
import { signwire as honoSignwire } from '../../src/adapters/hono.js';
import { signResponses, verifyIncomingMessage } from '../../src/adapters/node.js';
import { createVerifier, type ResponseSigningSetting, type Verifier } from '../../src/index.js';
import { SECRET, sign } from '../helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

type Kind = 'node' | 'express' | 'fastify' | 'hono';
type Mode = 'whole' | 'stream';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      closers.push(() => new Promise((done) => server.close(() => done())));
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A verifier whose public origin is fixed once the port is known. */
function lazyVerifier(setting: ResponseSigningSetting | undefined): { verifier: Verifier; bind(port: number): void } {
  let current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: 'http://127.0.0.1:1', signResponses: setting });
  const verifier: Verifier = {
    get policy() {
      return current.policy;
    },
    verify: (r, c) => current.verify(r, c),
    verifyMessage: (m) => current.verifyMessage(m),
    errorBody: (e) => current.errorBody(e),
    errorResponse: (e) => current.errorResponse(e),
    get responseSigning() {
      return current.responseSigning;
    },
    responseSigner: (a, c) => current.responseSigner(a, c),
  };
  return {
    verifier,
    bind: (port) => {
      current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: `http://127.0.0.1:${port}`, signResponses: setting });
    },
  };
}

function lines(headers: Headers): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    out.push([name, value]);
  });
  return out;
}

const PARTS = ['data: one\n\n', 'data: two\n\n'];

/** Starts an app that answers with PARTS, whole or streamed; `route` is the adapter-level setting. */
async function start(
  kind: Kind,
  mode: Mode,
  verifierSetting: ResponseSigningSetting | undefined,
  route?: ResponseSigningSetting,
): Promise<string> {
  const { verifier, bind } = lazyVerifier(verifierSetting);
  // Fetch bodies are always streams: for Hono only server-sent events count as streamed.
  const type = mode === 'whole' ? 'text/plain' : 'text/event-stream';
  let port: number;
  if (kind === 'node') {
    port = await listen(
      createServer(async (req, res) => {
        const verified = await verifyIncomingMessage(verifier, req);
        signResponses(verifier, verified, res, route);
        res.setHeader('content-type', type);
        if (mode === 'whole') return void res.end(PARTS.join(''));
        for (const part of PARTS) res.write(part);
        res.end();
      }),
    );
  } else if (kind === 'express') {
    const app = express();
    app.use(expressSignwire(verifier, route === undefined ? {} : { signResponses: route }));
    app.use((_req, res) => {
      res.type(type);
      if (mode === 'whole') return void res.send(PARTS.join(''));
      for (const part of PARTS) res.write(part);
      res.end();
    });
    port = await listen(createServer(app));
  } else if (kind === 'fastify') {
    const app = Fastify();
    await app.register(signwirePlugin, route === undefined ? { verifier } : { verifier, signResponses: route });
    app.get('/*', async (_request, reply) => reply.type(type).send(mode === 'whole' ? PARTS.join('') : Readable.from(PARTS)));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    port = (app.server.address() as AddressInfo).port;
  } else {
    const app = new Hono();
    app.use(honoSignwire(verifier, route === undefined ? {} : { signResponses: route }));
    app.get('*', (c) => {
      if (mode === 'whole') return c.body(PARTS.join(''), 200, { 'content-type': type });
      return streamSSE(c, async (stream) => {
        for (const part of PARTS) await stream.write(part);
      });
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((done) => server.close(() => done())));
    port = (server.address() as AddressInfo).port;
  }
  bind(port);
  return `http://127.0.0.1:${port}`;
}

/** Sends a signed GET; returns the response, its body and the verdict of core's response verifier. */
async function exchange(base: string): Promise<{ status: number; body: string; signed: boolean; verdict: string }> {
  const parts = sign({ method: 'GET', url: `${base}/events`, created: Math.floor(Date.now() / 1000) });
  const response = await fetch(parts.url, { headers: parts.headers });
  const body = new Uint8Array(await response.arrayBuffer());
  let verdict = 'valid';
  try {
    verifyResponseSignature({
      response: { status: response.status, headers: lines(response.headers), body },
      request: { method: 'GET', url: parts.url, headers: parts.headers },
      key: importSecret(SECRET),
      keyId: 'client-1',
    });
  } catch (error) {
    verdict = isSignwireError(error) ? error.code : String(error);
  }
  return { status: response.status, body: new TextDecoder().decode(body), signed: response.headers.has('signature'), verdict };
}

const KINDS: readonly Kind[] = ['node', 'express', 'fastify', 'hono'];

describe.each(KINDS)('%s: response bodies', (kind) => {
  it('signs a body given at once', async () => {
    const result = await exchange(await start(kind, 'whole', true));
    expect(result).toEqual({ status: 200, body: PARTS.join(''), signed: true, verdict: 'valid' });
  });

  it('sends a streamed body unsigned without bufferStreams', async () => {
    const result = await exchange(await start(kind, 'stream', true));
    expect(result).toEqual({ status: 200, body: PARTS.join(''), signed: false, verdict: 'SIGNATURE_MISSING' });
  });

  it('buffers and signs a streamed body with bufferStreams', async () => {
    const result = await exchange(await start(kind, 'stream', { bufferStreams: true }));
    expect(result).toEqual({ status: 200, body: PARTS.join(''), signed: true, verdict: 'valid' });
  });

  it('fails the response rather than send a buffered body over maxBodyBytes unsigned', async () => {
    const base = await start(kind, 'stream', { bufferStreams: true, maxBodyBytes: 5 });
    const outcome = await exchange(base).then(
      (result) => result,
      () => 'connection failed',
    );
    if (typeof outcome !== 'string') {
      expect(outcome.status).toBe(500);
      expect(outcome.body).not.toContain('data: one');
    } else {
      expect(outcome).toBe('connection failed');
    }
  });

  it('a route setting overrides the verifier: off on the route', async () => {
    expect((await exchange(await start(kind, 'whole', true, false))).signed).toBe(false);
  });

  it('a route setting overrides the verifier: on for the route only', async () => {
    expect((await exchange(await start(kind, 'whole', undefined, true))).verdict).toBe('valid');
    expect((await exchange(await start(kind, 'whole', undefined))).signed).toBe(false);
  });
});

describe('response signing options and the Fetch errorResponse', () => {
  it.each([
    ['a string', 'yes'],
    ['a negative maxBodyBytes', { maxBodyBytes: -1 }],
    ['components that are not an array', { components: 'x' }],
  ])('refuses %s (CONFIGURATION_INVALID)', (_name, setting) => {
    let code = '';
    try {
      createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: 'https://api.example.com', signResponses: setting as never });
    } catch (error) {
      code = isSignwireError(error) ? error.code : String(error);
    }
    expect(code).toBe('CONFIGURATION_INVALID');
    expect(() => expressSignwire(lazyVerifier(true).verifier, { signResponses: setting as never })).toThrow(/signResponses/);
  });

  it('signs the plain Fetch errorResponse of an authentic expired request, not of a forged one', async () => {
    const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: 'https://api.example.com', signResponses: true });
    const parts = sign({ method: 'GET', url: 'https://api.example.com/a', created: Math.floor(Date.now() / 1000) - 3600 });
    const answer = async (headers: [string, string][]): Promise<Response> => {
      try {
        await verifier.verify(new Request(parts.url, { headers }));
        throw new Error('expected a rejection');
      } catch (error) {
        if (!isSignwireError(error)) throw error;
        expect(error.code).toBe('SIGNATURE_EXPIRED');
        return verifier.errorResponse(error);
      }
    };
    const authentic = await answer(parts.headers);
    const body = new Uint8Array(await authentic.arrayBuffer());
    const verified = verifyResponseSignature({
      response: { status: authentic.status, headers: lines(authentic.headers), body },
      request: { method: 'GET', url: parts.url, headers: parts.headers },
      key: importSecret(SECRET),
      keyId: 'client-1',
    });
    expect(Math.abs(verified.created - Date.now() / 1000)).toBeLessThan(5);
    const forged = parts.headers.map(([name, value]): [string, string] => [
      name,
      name === 'signature' ? `sig1=:${'A'.repeat(43)}=:` : value,
    ]);
    expect((await answer(forged)).headers.has('signature')).toBe(false);
  });
});
