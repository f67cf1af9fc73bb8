import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { importSecret, isSignwireError, verifyRequestSignature } from '@signwire/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../scripts/testing/chromium.mjs';
import { bundlePage } from './bundle-page.js';

const SECRET_BASE64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2A=';
const _clientDir = fileURLToPath(new URL('../../', import.meta.url));
const EXPECTED = [
  'get',
  'string',
  'json-body',
  'json-method',
  'uint8array',
  'arraybuffer',
  'blob',
  'urlsearchparams',
  'formdata',
  'request-object',
];

interface Verdict {
  name: string;
  status: number;
  result: { ok: boolean; code?: string; covered?: string[]; bodyLength?: number; contentType?: string | null; body?: string };
}

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    request.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

function startServer(script: string, seenNonces: Set<string>): Promise<Server> {
  const key = importSecret({ base64: SECRET_BASE64 });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, type: string, body: string) => response.writeHead(status, { 'content-type': type }).end(body);
    if (request.url === '/') return void send(200, 'text/html', '<!doctype html><script type="module" src="/client.js"></script>');
    if (request.url === '/client.js') return void send(200, 'text/javascript', script);
    if (!request.url?.startsWith('/verify/')) return void send(404, 'text/plain', 'not found');
    const body = await readBody(request);
    const headers: [string, string][] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i] ?? '', request.rawHeaders[i + 1] ?? '']);
    const { port } = request.socket.address() as AddressInfo;
    try {
      const verified = verifyRequestSignature({
        // The raw request target as received, joined to the origin this server is configured with.
        request: { method: request.method ?? '', url: `http://127.0.0.1:${port}${request.url}`, headers, body },
        now: Math.floor(Date.now() / 1000),
        lookupKey: (keyId) => (keyId === 'browser-1' ? { key } : undefined),
        policy: { requiredComponents: ['x-request-id'] },
        isNonceSeen: (keyId, nonce) => seenNonces.has(`${keyId} ${nonce}`),
      });
      seenNonces.add(`${verified.keyId} ${verified.nonce}`);
      const result = {
        ok: true,
        covered: verified.covered,
        bodyLength: body.length,
        contentType: request.headers['content-type'] ?? null,
        body: new TextDecoder().decode(body),
      };
      send(200, 'application/json', JSON.stringify(result));
    } catch (error) {
      send(401, 'application/json', JSON.stringify({ ok: false, code: isSignwireError(error) ? error.code : String(error) }));
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('@signwire/client in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  const seenNonces = new Set<string>();
  let verdicts: Verdict[] = [];

  beforeAll(async () => {
    server = await startServer(
      await bundlePage(new URL('./page.ts', import.meta.url), ['dist/index.js', '../core/dist/index.js']),
      seenNonces,
    );
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof (globalThis as { runSignwire?: unknown }).runSignwire === 'function', undefined, {
      timeout: 10_000,
    });
    verdicts = await page.evaluate(
      (secret) => (globalThis as unknown as { runSignwire: (s: string) => Promise<Verdict[]> }).runSignwire(secret),
      SECRET_BASE64,
    );
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  });

  it('ran every case', () => {
    expect(verdicts.map((v) => v.name)).toEqual(EXPECTED);
  });

  it.each(EXPECTED)('%s: the server verifies the signature over the raw target and bytes', (name) => {
    const verdict = verdicts.find((v) => v.name === name);
    expect(verdict?.result).toMatchObject({ ok: true });
    expect(verdict?.status).toBe(200);
    expect(verdict?.result.covered).toContain('"x-request-id"');
    if (name !== 'get') expect(verdict?.result.covered).toContain('"content-digest"');
  });

  it('sends canonical JSON and the multipart boundary that was signed', () => {
    const byName = Object.fromEntries(verdicts.map((v) => [v.name, v.result]));
    expect(byName['json-body']?.body).toBe('{"a":"é","b":[1,1e+21]}');
    expect(byName['json-method']?.body).toBe('{"a":{"c":3,"d":2},"z":1}');
    const boundary = /boundary=(.+)$/.exec(byName.formdata?.contentType ?? '')?.[1];
    expect(boundary).toBeDefined();
    expect(byName.formdata?.body).toContain(`--${boundary}--`);
    expect(byName.urlsearchparams?.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(byName.urlsearchparams?.body).toBe('q=a+b&r=%C3%A4%26%3D');
  });

  it('used a fresh nonce per request', () => {
    expect(seenNonces.size).toBe(EXPECTED.length);
  });
});
