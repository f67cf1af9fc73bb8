// signKy in real Chromium (ky over the browser's fetch), against the example's verifier.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';
import { SECRET, startApi } from './serve.mjs';

let browser;
let server;
let results = {};

beforeAll(async () => {
  // The built packages, as a user's bundler sees them (no "@signwire/source" condition).
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

describe('signKy in Chromium', () => {
  it.each(['json', 'text', 'textWithoutType', 'form', 'formData', 'blob', 'query', 'retried'])('%s is verified', (name) => {
    expect(results[name]).toMatchObject({ status: 200, data: { by: 'client-1' } });
  });

  it('sends the bytes and Content-Type that were signed', () => {
    expect(results.json.data).toMatchObject({ body: '{"item":"book","name":"é","qty":2}', contentType: 'application/json' });
    expect(results.text.data.body).toBe('plain text');
    expect(results.textWithoutType.data).toMatchObject({ body: 'no type given', contentType: 'text/plain;charset=UTF-8' });
    expect(results.form.data).toMatchObject({
      body: 'q=a+b&r=%C3%A4%26%3D',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect(results.formData.data.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(results.formData.data.body).toContain('name="title"\r\n\r\nAda');
    expect(results.blob.data).toMatchObject({ contentType: 'application/xml', body: '<a/>' });
    expect(results.query.data.target).toBe('/api/search?q=a+b&s=%C3%A9%2F%26');
  });

  it('a plain ky request is rejected with the server code', () => {
    expect(results.rejected).toMatchObject({ status: 401, data: { error: { code: 'SIGNATURE_MISSING' } } });
  });
});
