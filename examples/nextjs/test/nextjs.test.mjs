// The Next.js example as a user runs it: `next build`, `next start` on a free 127.0.0.1 port, and the
// page driven in headless Chromium: its client component signs with createSignedFetch (a session key
// from /api/session), the route handler verifies with withSignwire. Needs `pnpm build` first (the app
// bundles the built @signwire packages, as a user's app does).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSignedFetch, createSigner } from '@signwire/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));
const next = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
let server;
let browser;
let base;

async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  await promisify(execFile)(process.execPath, [next, 'build'], { cwd: dir, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...env, PUBLIC_ORIGIN: base },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    if (out.includes('Ready')) break;
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe('examples/nextjs', () => {
  it('the page signs an order in Chromium and the route handler verifies it; an unsigned one is refused', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/`);
    await page.click('#signed');
    await page.waitForFunction(() => document.querySelector('#signed-result')?.textContent !== '', undefined, { timeout: 10_000 });
    expect(await page.textContent('#signed-result')).toMatch(/^201 \{"by":"session-[0-9a-f-]{36}","order":\{"item":"book","qty":2\}\}$/);
    await page.click('#unsigned');
    await page.waitForFunction(() => document.querySelector('#unsigned-result')?.textContent !== '', undefined, { timeout: 10_000 });
    expect(await page.textContent('#unsigned-result')).toMatch(/^401 .*"code":"SIGNATURE_MISSING"/);
    expect(errors).toEqual([]);
  });

  it('the route handler refuses a changed body and a key it did not issue, with their codes', async () => {
    const { keyId, secret } = await (await fetch(`${base}/api/session`, { method: 'POST' })).json();
    const signer = createSigner({ keyId, secret: { base64url: secret } });
    const signed = await signer.signRequest(
      new Request(`${base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":1}' }),
    );
    const tampered = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: '{"qty":9}' });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).error.code).toBe('DIGEST_MISMATCH');
    const stranger = createSignedFetch(createSigner({ keyId: 'session-unknown', secret: { base64url: secret } }));
    const unknown = await stranger.json(`${base}/api/orders`, { qty: 1 });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('KEY_UNKNOWN');
  });
});
