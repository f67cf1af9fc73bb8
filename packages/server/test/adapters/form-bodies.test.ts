// Form bodies through every adapter, signed by the real @signwire/client in Node (createSignedFetch
// with URLSearchParams and FormData bodies, as a browser sends them) over real HTTP: each app reads
// the fields the way its framework's users do, and every read is of the verified bytes.
//   node     verified.form (URLSearchParams); readFormData(verified) for multipart
//   express  req.body (a prototype-less record, as express.urlencoded() gives); readFormData(req.signwire)
//   fastify  @fastify/formbody's request.body; a multipart content-type parser calling readFormData
//   hono     c.req.parseBody() / c.req.formData() (the request Hono reads carries the verified bytes)
//   fetch    request.formData() of the request withSignwire hands over (its body is the verified bytes)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import formbody from '@fastify/formbody';
import { serve } from '@hono/node-server';
import { createSignedFetch, createSigner } from '@signwire/client';
import express from 'express';
import express4 from 'express4';
import Fastify, { type FastifyRequest } from 'fastify';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import { afterEach, describe, expect, it } from 'vitest';
import { signwire as expressSignwire } from '../../src/adapters/express.js';
import { signwirePlugin } from '../../src/adapters/fastify.js';
import { withSignwire } from '../../src/adapters/fetch.js';
import { signwire as honoSignwire, type SignwireVariables } from '../../src/adapters/hono.js';
import { sendRejection, verifyIncomingMessage } from '../../src/adapters/node.js';
import { createVerifier, isSignwireError, readFormData, type Verifier } from '../../src/index.js';
import { SECRET, sign } from '../helpers.js';
import { ADAPTERS, type AdapterName, serveFetch } from './servers.js';

type Entry = [string, string | { name: string; type: string; base64: string }];

/** FormData entries as JSON: strings as they are, files as name, type and bytes. */
async function describeForm(form: FormData): Promise<Entry[]> {
  const values: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => {
    values.push([name, value]); // the DOM lib types FormData without an iterator
  });
  const entries: Entry[] = [];
  for (const [name, value] of values) {
    entries.push([
      name,
      typeof value === 'string'
        ? value
        : { name: value.name, type: value.type, base64: Buffer.from(await value.arrayBuffer()).toString('base64') },
    ]);
  }
  return entries;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The verifier for a server whose port is known only once it listens. */
function lateVerifier(): { verifier: Verifier; install(port: number): void } {
  // Provisional until install(): the adapters read the policy at construction.
  let current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: 'http://127.0.0.1' });
  const get = (): Verifier => current;
  const verifier: Verifier = {
    get policy() {
      return get().policy;
    },
    verify: (request, context) => get().verify(request, context),
    verifyMessage: (message) => get().verifyMessage(message),
    errorBody: (error) => get().errorBody(error),
    errorResponse: (error) => get().errorResponse(error),
    get responseSigning() {
      return get().responseSigning;
    },
    responseSigner: (answered, components) => get().responseSigner(answered, components),
  };
  return {
    verifier,
    install: (port) => {
      current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: `http://127.0.0.1:${port}` });
    },
  };
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((done) => server.close(() => done())));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts an app with two routes: POST /fields answers { body } (the urlencoded fields as the
 * framework hands them over), POST /upload answers { entries } (a multipart body read as FormData).
 */
async function start(adapter: AdapterName): Promise<string> {
  const { verifier, install } = lateVerifier();
  let port: number;
  if (adapter === 'node') {
    port = await listening(
      createServer((req, res) => {
        const answer = async (): Promise<unknown> => {
          const verified = await verifyIncomingMessage(verifier, req);
          if (req.url === '/fields') return { body: verified.form === undefined ? null : [...verified.form] };
          return { entries: await describeForm(await readFormData(verified)) };
        };
        answer().then(
          (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
          (error: unknown) => {
            if (!sendRejection(verifier, res, error)) res.writeHead(500).end(String(error));
          },
        );
      }),
    );
  } else if (adapter === 'express') {
    const app = express();
    app.use(expressSignwire(verifier));
    app.use(express.urlencoded()); // after the middleware: the stream is consumed, it leaves req.body alone
    app.post('/fields', (req, res) => {
      res.json({ body: req.body, prototype: Object.getPrototypeOf(req.body) === null ? null : 'Object', keys: Object.keys(req.body) });
    });
    app.post('/upload', async (req, res) => {
      res.json({ entries: await describeForm(await readFormData(req.signwire)) });
    });
    app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (isSignwireError(error)) res.status(error.status).json(verifier.errorBody(error));
      else next(error);
    });
    port = await listening(createServer(app));
  } else if (adapter === 'fastify') {
    const app = Fastify();
    await app.register(signwirePlugin, { verifier });
    await app.register(formbody);
    app.addContentTypeParser('multipart/form-data', async (request: FastifyRequest) => readFormData(request.signwire));
    app.post('/fields', async (request) => ({ body: request.body }));
    app.post('/upload', async (request) => ({ entries: await describeForm(request.body as FormData) }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    port = (app.server.address() as AddressInfo).port;
  } else if (adapter === 'fetch') {
    const server = await serveFetch(
      withSignwire(verifier, async (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === '/fields') return Response.json({ body: await describeForm(await request.formData()) });
        // readFormData throws FORM_INVALID for a body that does not parse; withSignwire answers it (400).
        const form = pathname === '/upload-checked' ? await readFormData(request.signwire) : await request.formData();
        return Response.json({ entries: await describeForm(form) });
      }),
    );
    closers.push(() => server.close());
    port = server.port;
  } else {
    const app = new Hono<{ Variables: SignwireVariables }>();
    app.use(honoSignwire(verifier));
    app.post(
      '/fields',
      validator('form', (value) => value),
      async (c) =>
        c.json({
          body: await c.req.parseBody({ all: true }),
          formData: await describeForm(await c.req.formData()),
          validated: c.req.valid('form'),
        }),
    );
    app.post('/upload', async (c) => c.json({ entries: await describeForm(await c.req.formData()) }));
    app.post('/upload-checked', async (c) => c.json({ entries: await describeForm(await readFormData(c.get('signwire'))) }));
    app.post(
      '/upload-validated',
      validator('form', (value) => value),
      (c) => c.json({ validated: Object.keys(c.req.valid('form')) }),
    );
    app.onError((error, c) => {
      if (isSignwireError(error)) return verifier.errorResponse(error);
      if (error instanceof HTTPException) return error.getResponse();
      return c.text(String(error), 500);
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((done) => server.close(() => done())));
    port = (server.address() as AddressInfo).port;
  }
  install(port);
  return `http://127.0.0.1:${port}`;
}

const signedFetch = createSignedFetch(createSigner({ keyId: 'client-1', secret: SECRET }));
const FIELDS = new URLSearchParams([
  ['q', 'a b'],
  ['r', 'ä&='],
  ['tag', '1'],
  ['tag', '2'],
]);

/** What each framework's users get for FIELDS. */
const EXPECTED_FIELDS: Record<AdapterName, unknown> = {
  node: {
    body: [
      ['q', 'a b'],
      ['r', 'ä&='],
      ['tag', '1'],
      ['tag', '2'],
    ],
  },
  express: { body: { q: 'a b', r: 'ä&=', tag: ['1', '2'] }, prototype: null, keys: ['q', 'r', 'tag'] },
  fastify: { body: { q: 'a b', r: 'ä&=', tag: ['1', '2'] } },
  fetch: {
    body: [
      ['q', 'a b'],
      ['r', 'ä&='],
      ['tag', '1'],
      ['tag', '2'],
    ],
  },
  hono: {
    body: { q: 'a b', r: 'ä&=', tag: ['1', '2'] },
    validated: { q: 'a b', r: 'ä&=', tag: ['1', '2'] },
    formData: [
      ['q', 'a b'],
      ['r', 'ä&='],
      ['tag', '1'],
      ['tag', '2'],
    ],
  },
};

describe.each(ADAPTERS)('%s adapter: form bodies', (adapter) => {
  it('a URLSearchParams body reaches the app parsed from the verified bytes', async () => {
    const base = await start(adapter);
    const response = await signedFetch(`${base}/fields`, { method: 'POST', body: FIELDS });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(EXPECTED_FIELDS[adapter]);
  });

  it('a FormData body (a text field and a file) reaches the app as FormData from the verified bytes', async () => {
    const base = await start(adapter);
    const form = new FormData();
    form.set('title', 'Ada Lovelace');
    form.set('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/octet-stream' }), 'notes.bin');
    const response = await signedFetch(`${base}/upload`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      entries: [
        ['title', 'Ada Lovelace'],
        ['file', { name: 'notes.bin', type: 'application/octet-stream', base64: 'AAEC/w==' }],
      ],
    });
  });

  it('a signed multipart body that does not parse is FORM_INVALID (400), not a crash', async () => {
    const base = await start(adapter);
    const path = adapter === 'hono' || adapter === 'fetch' ? '/upload-checked' : '/upload';
    const parts = sign({
      created: Math.floor(Date.now() / 1000),
      url: `${base}${path}`,
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n', // no closing boundary
      headers: [['content-type', 'multipart/form-data; boundary=x']],
    });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(400);
    const answer = await response.json();
    // Fastify answers an error from a content-type parser in its own shape, with the error's status and code.
    expect(answer).toMatchObject(adapter === 'fastify' ? { statusCode: 400, code: 'FORM_INVALID' } : { error: { code: 'FORM_INVALID' } });
  });

  it('a forged form body is refused before the app parses it', async () => {
    const base = await start(adapter);
    const parts = sign({
      created: Math.floor(Date.now() / 1000),
      url: `${base}/fields`,
      body: 'amount=1',
      headers: [['content-type', 'application/x-www-form-urlencoded']],
    });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: 'amount=9' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('DIGEST_MISMATCH');
  });
});

describe('hono: a multipart body that does not parse, read the Hono ways (docs/adapters/hono.md)', () => {
  it("c.req.formData() throws (onError: 500), validator('form') answers 400, readFormData FORM_INVALID (400)", async () => {
    const base = await start('hono');
    const post = async (path: string): Promise<Response> => {
      const parts = sign({
        created: Math.floor(Date.now() / 1000),
        url: `${base}${path}`,
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n',
        headers: [['content-type', 'multipart/form-data; boundary=x']],
      });
      return fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    };
    const thrown = await post('/upload');
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).toContain('TypeError');
    expect((await post('/upload-validated')).status).toBe(400);
    const checked = await post('/upload-checked');
    expect(checked.status).toBe(400);
    expect(((await checked.json()) as { error: { code: string } }).error.code).toBe('FORM_INVALID');
  });
});

describe('express: form fields named like Object.prototype members', () => {
  it('__proto__ is an own key of a prototype-less req.body; nothing is polluted', async () => {
    const base = await start('express');
    const response = await signedFetch(`${base}/fields`, { method: 'POST', body: new URLSearchParams('__proto__=x&constructor=c&a=1') });
    const answer = (await response.json()) as { prototype: unknown; keys: string[] };
    expect(answer.prototype).toBeNull();
    expect(answer.keys).toEqual(['__proto__', 'constructor', 'a']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("without an error handler, Express answers readFormData's FORM_INVALID with its status (400)", async () => {
    const { verifier, install } = lateVerifier();
    const app = express();
    app.post('/upload', expressSignwire(verifier), async (req, res) => {
      res.json(await describeForm(await readFormData(req.signwire)));
    });
    const port = await listening(createServer(app));
    install(port);
    const parts = sign({
      created: Math.floor(Date.now() / 1000),
      url: `http://127.0.0.1:${port}/upload`,
      body: 'not multipart',
      headers: [['content-type', 'multipart/form-data; boundary=x']],
    });
    const response = await fetch(parts.url, { method: 'POST', headers: parts.headers, body: parts.body });
    expect(response.status).toBe(400);
  });
});

describe.each([
  ['4', express4],
  ['5', express],
])('express %s: body parsers mounted after the middleware', (_major, framework) => {
  it('express.urlencoded() and express.json() leave the verified body alone (body-parser 1.x answered 500)', async () => {
    const { verifier, install } = lateVerifier();
    const app = framework();
    app.use(expressSignwire(verifier));
    app.use(framework.urlencoded({ extended: false }));
    app.use(framework.json());
    app.post('/fields', (req, res) => {
      res.json({ body: req.body, prototype: Object.getPrototypeOf(req.body) === null ? null : 'Object' });
    });
    const port = await listening(createServer(app));
    install(port);
    const base = `http://127.0.0.1:${port}`;
    const form = await signedFetch(`${base}/fields`, { method: 'POST', body: new URLSearchParams('a=1&a=2&b=%C3%A4') });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ body: { a: ['1', '2'], b: 'ä' }, prototype: null });
    const json = await signedFetch.json(`${base}/fields`, { qty: 2 });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ body: { qty: 2 }, prototype: 'Object' });
  });
});
