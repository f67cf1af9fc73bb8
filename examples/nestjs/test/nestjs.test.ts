// The recipe in a real NestJS app (Express platform) over HTTP, signed by the real @signwire/client:
// verified bodies reach @Body(), @Signwire() gives the verified result, rejections keep their codes,
// and the two wiring mistakes (Nest's body parser on, a guarded route without the middleware) fail
// closed with CONFIGURATION_INVALID.
import 'reflect-metadata';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createSignedFetch, createSigner } from '@signwire/client';
import { createVerifier, type KeySource } from '@signwire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';

const SECRET = 'ZXhhbXBsZS1zZWNyZXQtMzItYnl0ZXMtbG9uZy0xMjM=';
const signer = createSigner({ keyId: 'client-1', secret: { base64: SECRET } });
const signedFetch = createSignedFetch(signer);

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the app; `bodyParser` true is the mistake the recipe warns about (Nest's default). */
async function start(
  bodyParser: boolean,
  keys: KeySource = { 'client-1': { base64: SECRET } },
): Promise<{ app: INestApplication; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const verifier = createVerifier({ keys, publicOrigin: base, log: false });
  const app = await NestFactory.create(AppModule.withVerifier(verifier), { bodyParser, logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, base };
}

async function codeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('NestJS with the Signwire middleware', () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await start(false));
  });
  afterAll(() => app?.close());

  it('hands the verified JSON to @Body() and the verified result to @Signwire()', async () => {
    const response = await signedFetch.json(`${base}/orders`, { qty: 2, item: 'book' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ by: 'client-1', order: { item: 'book', qty: 2 } });
  });

  it('verifies route parameters and urlencoded forms the same way', async () => {
    const response = await signedFetch(`${base}/orders/7/notes?draft=1`, { method: 'POST', body: new URLSearchParams({ text: 'a b' }) });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { id: string; body: unknown; covered: string[] };
    expect(answer.id).toBe('7');
    expect(answer.body).toEqual({ text: 'a b' });
    expect(answer.covered).toEqual(expect.arrayContaining(['"@path"', '"@query"', '"content-digest"']));
  });

  it('answers rejections with their code and status before any controller runs', async () => {
    const unsigned = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":2}' });
    expect(unsigned.status).toBe(401);
    expect(await codeOf(unsigned)).toBe('SIGNATURE_MISSING');

    const signed = await signer.signRequest(
      new Request(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":2}' }),
    );
    const tampered = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: '{"qty":9}' });
    expect(tampered.status).toBe(401);
    expect(await codeOf(tampered)).toBe('DIGEST_MISMATCH');

    const once = await signer.signRequest(
      new Request(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":3}' }),
    );
    expect((await fetch(once.clone())).status).toBe(201);
    const replay = await fetch(once);
    expect(replay.status).toBe(401);
    expect(await codeOf(replay)).toBe('NONCE_REPLAYED');
  });

  it('leaves routes outside forRoutes public', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('fails closed on a guarded route the middleware does not cover (CONFIGURATION_INVALID, 500)', async () => {
    const response = await signedFetch(`${base}/reports`);
    expect(response.status).toBe(500);
    expect(await codeOf(response)).toBe('CONFIGURATION_INVALID');
  });
});

describe("NestJS with its own body parser on (the recipe's warning)", () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await start(true));
  });
  afterAll(() => app?.close());

  it('refuses a body that was parsed before verification with CONFIGURATION_INVALID, never re-serializing it', async () => {
    const response = await signedFetch.json(`${base}/orders`, { qty: 2 });
    expect(response.status).toBe(500);
    expect(await codeOf(response)).toBe('CONFIGURATION_INVALID');
  });
});

describe('NestJS with a key resolver that fails (an outage, not a rejection)', () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await start(false, () => {
      throw new Error('key service unreachable');
    }));
  });
  afterAll(() => app?.close());

  it("goes to Nest's error handling: its 500, without a Signwire code or the error's message", async () => {
    const response = await signedFetch.json(`${base}/orders`, { qty: 2 });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ statusCode: 500, message: 'Internal server error' }); // Nest's own answer
  });
});
