// signAxios in real Chromium with axios' XHR and fetch adapters, against the example's verifier.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';
import { SECRET, startApi } from './serve.mjs';

let browser;
let server;
let results = {};

beforeAll(async () => {
  // The built packages, as a user's bundler sees them (no "@signwire/source" condition); axios' browser build.
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./page.mjs', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  server = await startApi({
    pages: {
      '/': { type: 'text/html', body: '<!doctype html><script type="module" src="/page.js"></script>' },
      '/page.js': { type: 'text/javascript', body: bundle.outputFiles[0].text },
    },
  });
  browser = await launchChromium();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.base}/`);
  await page.waitForFunction(() => typeof globalThis.runSignwire === 'function', undefined, { timeout: 10_000 });
  results = await page.evaluate((secret) => globalThis.runSignwire(secret), SECRET);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(['xhr', 'fetch'])('signAxios in Chromium, %s adapter', (adapter) => {
  const result = (name) => results[`${adapter}:${name}`];

  it.each(['json', 'text', 'textWithoutType', 'form', 'formData', 'blob', 'query', 'transformed'])('%s is verified', (name) => {
    expect(result(name)).toMatchObject({ status: 200, data: { by: 'client-1' } });
  });

  it('sends the bytes that were signed', () => {
    expect(result('json').data.body).toBe('{"item":"book","name":"é","qty":2}');
    expect(result('text').data.body).toBe('plain text');
    // axios' browser build gives a string without a type its own Content-Type; it is covered and sent.
    expect(result('textWithoutType').data.body).toBe('no type given');
    expect(result('textWithoutType').data.covered).toContain('"content-type"');
    expect(result('form').data.body).toBe('q=a+b&r=%C3%A4%26%3D');
    expect(result('formData').data.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(result('formData').data.body).toContain('name="title"\r\n\r\nAda');
    // axios gives POST/PUT/PATCH bodies without a Content-Type its default (a Blob's type included), and sends it.
    expect(result('blob').data).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: '<a/>' });
    expect(result('transformed').data.body).toBe('x-transformed');
    expect(result('query').data.covered).toContain('"@query"');
  });

  it('a plain axios request is rejected with the server code', () => {
    expect(result('rejected')).toMatchObject({ status: 401, data: { error: { code: 'SIGNATURE_MISSING' } } });
  });
});
