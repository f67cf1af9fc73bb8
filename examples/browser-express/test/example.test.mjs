// Runs the example as a user would (`node server.mjs`) and submits the page's form in headless Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, SIGNWIRE_MASTER_SECRET: 'ZXhhbXBsZS1tYXN0ZXItc2VjcmV0LTMyLWJ5dGVzLTE=' };
let server;
let browser;
let url;

beforeAll(async () => {
  const probe = createServer().listen(0);
  await once(probe, 'listening');
  env.PORT = String(probe.address().port);
  url = `http://localhost:${env.PORT}`;
  probe.close();
  server = spawn(process.execPath, ['server.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    if (out.includes('listening on')) break;
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.kill();
});

it('the page signs the order and the API accepts it', async () => {
  const page = await browser.newPage();
  await page.goto(`${url}/`);
  await page.fill('input[name="qty"]', '3');
  await page.click('button');
  await page.waitForFunction(() => document.querySelector('output').textContent !== 'nothing yet');
  expect(await page.textContent('output')).toBe('201 {"user":"alice","order":{"item":"book","qty":3}}');
});

it('the API rejects the same call unsigned', async () => {
  const response = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"item":"book","qty":3}',
  });
  expect(response.status).toBe(401);
  expect((await response.json()).error.code).toBe('SIGNATURE_MISSING');
});
