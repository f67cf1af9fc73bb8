// Errors that are not rejections (a key resolver outage, a response object that throws) reach the
// framework's own error handler, as the error the adapter caught, and never end as an unhandled
// rejection: an adapter answers only Signwire errors itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { signwire as expressSignwire } from '../../src/adapters/express.js';
import { signwirePlugin } from '../../src/adapters/fastify.js';
import { signwire as honoSignwire } from '../../src/adapters/hono.js';
import { createVerifier, type VerifierOptions } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const outage = new Error('key service unreachable');
const failingKeys: VerifierOptions['keys'] = () => {
  throw outage;
};

function verifier(keys: VerifierOptions['keys'] = { 'client-1': SECRET }) {
  return createVerifier({ keys, publicOrigin: ORIGIN, now: () => NOW });
}

/** Records unhandled rejections while `body` runs (and a little after), instead of failing the run. */
async function recordingUnhandled(body: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (error: unknown): void => {
    unhandled.push(error);
  };
  const previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', record);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.removeAllListeners('unhandledRejection');
    for (const listener of previous) process.on('unhandledRejection', listener);
  }
  return unhandled;
}

async function listen(app: express.Express): Promise<string> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A signed POST (or an unsigned one) sent to `base` with the signed target. */
async function post(base: string, options: { signed?: boolean; origin?: string } = {}): Promise<Response> {
  const parts = sign({ body: '{"sku":"A-1"}' });
  const headers = new Headers(options.signed === false ? [['content-type', 'application/json']] : parts.headers);
  if (options.origin !== undefined) headers.set('origin', options.origin);
  return fetch(`${base}${parts.url.slice(ORIGIN.length)}`, { method: 'POST', headers, body: parts.body });
}

/** An Express app: `before` middlewares, the Signwire middleware, a route, and an error handler that records. */
function expressApp(keys: VerifierOptions['keys'], seen: unknown[], before: express.RequestHandler[] = [], cors = false): express.Express {
  const app = express();
  for (const middleware of before) app.use(middleware);
  app.use(expressSignwire(verifier(keys), cors ? { cors: { origins: ['https://app.example.com'] } } : {}));
  app.post('/v1/orders', (req, res) => {
    res.json({ by: req.signwire?.keyId });
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seen.push(error);
    res.status(599).end();
  });
  return app;
}

describe('Express middleware: errors that are not rejections go to next(error)', () => {
  it('a key resolver outage reaches the error handler as the error thrown', async () => {
    const seen: unknown[] = [];
    const base = await listen(expressApp(failingKeys, seen));
    let status = 0;
    const unhandled = await recordingUnhandled(async () => {
      status = (await post(base)).status;
    });
    expect({ status, seen, unhandled }).toEqual({ status: 599, seen: [outage], unhandled: [] });
  });

  it('a response that cannot be written while answering a rejection reaches the error handler', async () => {
    const seen: unknown[] = [];
    const broken = new Error('writeHead failed');
    const breakWriteHead: express.RequestHandler = (_req, res, next) => {
      const { writeHead } = res;
      res.writeHead = (() => {
        res.writeHead = writeHead; // the error handler's answer goes through
        throw broken;
      }) as never;
      next();
    };
    const base = await listen(expressApp({ 'client-1': SECRET }, seen, [breakWriteHead]));
    let status = 0;
    const unhandled = await recordingUnhandled(async () => {
      status = (await post(base, { signed: false })).status;
    });
    expect({ status, seen, unhandled }).toEqual({ status: 599, seen: [broken], unhandled: [] });
  });

  it('a response that refuses the CORS headers of a verified request reaches the error handler, and the route is not run', async () => {
    const seen: unknown[] = [];
    const broken = new Error('setHeader failed');
    const breakSetHeader: express.RequestHandler = (_req, res, next) => {
      const { setHeader } = res;
      res.setHeader = ((name: string, value: string) => {
        if (name.startsWith('access-control-')) throw broken;
        return setHeader.call(res, name, value);
      }) as never;
      next();
    };
    const base = await listen(expressApp({ 'client-1': SECRET }, seen, [breakSetHeader], true));
    let status = 0;
    const unhandled = await recordingUnhandled(async () => {
      status = (await post(base, { origin: 'https://app.example.com' })).status;
    });
    expect({ status, seen, unhandled }).toEqual({ status: 599, seen: [broken], unhandled: [] });
  });
});

describe('Fastify plugin: errors that are not rejections go to the error handler', () => {
  async function fastifyApp(keys: VerifierOptions['keys'], seen: unknown[]) {
    const app = Fastify();
    await app.register(signwirePlugin, { verifier: verifier(keys) });
    app.post('/v1/orders', async (request) => ({ by: request.signwire?.keyId }));
    app.setErrorHandler((error, _request, reply) => {
      seen.push(error);
      return reply.code(599).send();
    });
    closers.push(() => void app.close());
    return app;
  }

  async function inject(app: Awaited<ReturnType<typeof fastifyApp>>) {
    const parts = sign({ body: '{"sku":"A-1"}' });
    return app.inject({
      method: 'POST',
      url: parts.url.slice(ORIGIN.length),
      headers: Object.fromEntries(parts.headers),
      payload: Buffer.from(parts.body ?? new Uint8Array(0)),
    });
  }

  it('a key resolver outage reaches it as the error thrown', async () => {
    const seen: unknown[] = [];
    const response = await inject(await fastifyApp(failingKeys, seen));
    expect({ status: response.statusCode, seen }).toEqual({ status: 599, seen: [outage] });
  });

  it('a thrown value that is not an Error reaches it as an Error saying what was thrown', async () => {
    const seen: unknown[] = [];
    const response = await inject(
      await fastifyApp(() => {
        throw 'key service unreachable';
      }, seen),
    );
    expect(response.statusCode).toBe(599);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Error);
    expect(seen[0]).toMatchObject({ message: 'key service unreachable' });
  });
});

describe('Hono middleware: errors that are not rejections go to app.onError', () => {
  it('a key resolver outage reaches it as the error thrown', async () => {
    const seen: unknown[] = [];
    const app = new Hono();
    app.use(honoSignwire(verifier(failingKeys)));
    app.post('/v1/orders', (c) => c.json({ ok: true }));
    app.onError((error, c) => {
      seen.push(error);
      return c.body(null, 599 as never);
    });
    const parts = sign({ body: '{"sku":"A-1"}' });
    const response = await app.request(new Request(parts.url, { method: 'POST', headers: parts.headers, body: parts.body }));
    expect({ status: response.status, seen }).toEqual({ status: 599, seen: [outage] });
  });
});
