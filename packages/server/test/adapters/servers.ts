// One real listening server per adapter on 127.0.0.1:0, all answering a verified request with the
// same JSON summary, and all delegating to a verifier that each test case swaps in.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { toBase64 } from '@signwire/core/internal';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { signwire as expressSignwire } from '../../src/adapters/express.js';
import { signwirePlugin } from '../../src/adapters/fastify.js';
import { withSignwire } from '../../src/adapters/fetch.js';
import { signwire as honoSignwire, type SignwireVariables } from '../../src/adapters/hono.js';
import { sendRejection, signResponses, verifyIncomingMessage } from '../../src/adapters/node.js';
import type { CorsOptions, VerifiedRequest, Verifier } from '../../src/index.js';

export type AdapterName = 'node' | 'express' | 'fastify' | 'hono' | 'fetch';
export const ADAPTERS: readonly AdapterName[] = ['node', 'express', 'fastify', 'hono', 'fetch'];

/** A verifier that forwards to whichever verifier the current test installed. */
export class SwitchableVerifier implements Verifier {
  current: Verifier | undefined;
  #get(): Verifier {
    if (this.current === undefined) throw new Error('no verifier installed');
    return this.current;
  }
  get policy(): Verifier['policy'] {
    return this.#get().policy;
  }
  verify: Verifier['verify'] = (request, context) => this.#get().verify(request, context);
  verifyMessage: Verifier['verifyMessage'] = (message) => this.#get().verifyMessage(message);
  errorBody: Verifier['errorBody'] = (error) => this.#get().errorBody(error);
  errorResponse: Verifier['errorResponse'] = (error) => this.#get().errorResponse(error);
  get responseSigning(): Verifier['responseSigning'] {
    return this.#get().responseSigning;
  }
  responseSigner: Verifier['responseSigner'] = (answered, components) => this.#get().responseSigner(answered, components);
}

export interface Summary {
  keyId: string;
  created: number;
  nonce: string;
  covered: string[];
  signatureBase: string;
  bodyBase64: string;
  appBody: unknown;
}

function summary(verified: VerifiedRequest | null | undefined, appBody: unknown): Summary {
  if (verified === null || verified === undefined) throw new Error('handler reached without a verified request');
  return {
    keyId: verified.keyId,
    created: verified.created,
    nonce: verified.nonce,
    covered: [...verified.covered],
    signatureBase: verified.signatureBase,
    bodyBase64: toBase64(verified.body),
    appBody: Buffer.isBuffer(appBody) ? { bytes: appBody.toString('base64') } : appBody,
  };
}

export interface Running {
  port: number;
  close(): Promise<void>;
}

function listening(server: Server): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Starts a server for one adapter. */
export async function startServer(name: AdapterName, verifier: Verifier, cors?: CorsOptions): Promise<Running> {
  if (name === 'node') {
    return listening(
      createServer((req, res) => {
        verifyIncomingMessage(verifier, req).then(
          (verified) => {
            signResponses(verifier, verified, res);
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(summary(verified, verified.json)));
          },
          (error: unknown) => {
            if (!sendRejection(verifier, res, error)) res.writeHead(500).end(String(error));
          },
        );
      }),
    );
  }
  if (name === 'express') {
    const app = express();
    app.use(expressSignwire(verifier, cors === undefined ? {} : { cors }));
    app.use((req, res) => {
      res.json(summary(req.signwire, req.body));
    });
    return listening(createServer(app));
  }
  if (name === 'fastify') {
    const app = Fastify();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    await app.register(signwirePlugin, cors === undefined ? { verifier } : { verifier, cors });
    app.route({
      method:
        cors === undefined
          ? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
          : ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/*',
      handler: async (request) => summary(request.signwire, request.body),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  }
  if (name === 'fetch') {
    // A plain Fetch handler served by @hono/node-server (no Hono app): the handler reads the body the usual Fetch ways.
    const handler = withSignwire(
      verifier,
      async (request) => {
        const verified = request.signwire;
        const appBody =
          verified.json !== undefined ? await request.json() : verified.body.length > 0 ? { text: await request.text() } : undefined;
        return Response.json(summary(verified, appBody));
      },
      cors === undefined ? {} : { cors },
    );
    return serveFetch(handler);
  }
  const app = new Hono<{ Variables: SignwireVariables }>();
  app.use(honoSignwire(verifier, cors === undefined ? {} : { cors }));
  app.all('*', async (c) => {
    const verified = c.get('signwire');
    const appBody = verified.json !== undefined ? await c.req.json() : verified.body.length > 0 ? { text: await c.req.text() } : undefined;
    return c.json(summary(verified, appBody));
  });
  return serveFetch(app.fetch);
}

/** Serves a Fetch handler with @hono/node-server on 127.0.0.1. */
export async function serveFetch(fetch: (request: Request, env: unknown) => Response | Promise<Response>): Promise<Running> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) };
}
