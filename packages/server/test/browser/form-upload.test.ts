// A real browser form upload: headless Chromium fills a page's <form> (a text field and a picked
// file), and the page's script, the built @signwire/client bundled by esbuild, sends it signed as
// FormData (multipart) and as URLSearchParams to an Express app behind the Signwire middleware. The
// app reads the fields and the file from the verified bytes: readFormData(req.signwire) for the
// multipart body, req.body for the urlencoded one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../scripts/testing/chromium.mjs';
import { bundlePage } from '../../../client/test/browser/bundle-page.js';
import { signwire } from '../../src/adapters/express.js';
import { createVerifier, readFormData, type Verifier } from '../../src/index.js';

const SECRET_BASE64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2A=';
const FILE_BYTES = Buffer.from([0x00, 0x01, 0xfe, 0xff, ...Buffer.from('\r\n--not-a-boundary\r\nhello')]);
const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="module" src="/page.js"></script>
<form>
  <input name="title">
  <input name="file" type="file">
  <button disabled>Upload</button>
</form>
<output></output>`;

interface Sent {
  status: number;
  body: Record<string, unknown>;
}

function startApp(script: string): Promise<{ server: Server; verifiers: Verifier[] }> {
  const verifiers: Verifier[] = [];
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.get('/page.js', (_req, res) => {
    res.type('js').send(script);
  });
  // The verifier is created once the port (the origin the page signs) is known.
  const verify: express.RequestHandler = (req, res, next) => signwire(verifiers[0] as Verifier)(req, res, next);
  app.post('/api/uploads', verify, async (req, res) => {
    const form = await readFormData(req.signwire);
    const file = form.get('file');
    if (!(file instanceof File)) throw new Error('no file part');
    res.json({
      by: req.signwire?.keyId,
      contentType: req.get('content-type'),
      title: form.get('title'),
      file: { name: file.name, type: file.type, base64: Buffer.from(await file.arrayBuffer()).toString('base64') },
    });
  });
  app.post('/api/fields', verify, (req, res) => {
    res.json({ by: req.signwire?.keyId, contentType: req.get('content-type'), body: req.body });
  });
  const server = createServer(app);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      verifiers.push(createVerifier({ keys: { 'browser-1': { base64: SECRET_BASE64 } }, publicOrigin: `http://127.0.0.1:${port}` }));
      resolve({ server, verifiers });
    });
  });
}

describe('a browser FormData upload to Express, signed by @signwire/client in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let sent: { multipart: Sent; urlencoded: Sent } | undefined;

  beforeAll(async () => {
    const script = await bundlePage(new URL('./form-page.ts', import.meta.url), ['dist/index.js', '../core/dist/index.js']);
    ({ server } = await startApp(script));
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof (globalThis as { prepareForms?: unknown }).prepareForms === 'function', undefined, {
      timeout: 10_000,
    });
    await page.evaluate((secret) => (globalThis as unknown as { prepareForms: (s: string) => void }).prepareForms(secret), SECRET_BASE64);
    await page.fill('input[name="title"]', 'Ada Lovelace & Co. ä=1');
    await page.setInputFiles('input[name="file"]', { name: 'notes.bin', mimeType: 'application/octet-stream', buffer: FILE_BYTES });
    await page.click('button');
    await page.waitForFunction(() => (document.querySelector('output')?.textContent ?? '') !== '', undefined, { timeout: 10_000 });
    sent = JSON.parse((await page.textContent('output')) ?? '');
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  });

  it('multipart: the app reads the text field and the file, byte for byte, from the verified bytes', () => {
    expect(sent?.multipart.status).toBe(200);
    expect(sent?.multipart.body).toEqual({
      by: 'browser-1',
      contentType: expect.stringMatching(/^multipart\/form-data; boundary=----WebKitFormBoundary/),
      title: 'Ada Lovelace & Co. ä=1',
      file: { name: 'notes.bin', type: 'application/octet-stream', base64: FILE_BYTES.toString('base64') },
    });
  });

  it('urlencoded: req.body holds the text fields, parsed from the verified bytes', () => {
    expect(sent?.urlencoded.status).toBe(200);
    expect(sent?.urlencoded.body).toEqual({
      by: 'browser-1',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: { title: 'Ada Lovelace & Co. ä=1' },
    });
  });
});
