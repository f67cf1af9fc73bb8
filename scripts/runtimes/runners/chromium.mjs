// Runs the suite in headless Chromium (the system's /usr/bin/chromium, driven by playwright-core;
// nothing is downloaded). The bundle is served from 127.0.0.1, a secure context like a real page.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../testing/chromium.mjs';
import { startFailure } from './result.mjs';

/**
 * @param {{ runtime: string, executablePath: string, bundle: string }} options
 * @returns {Promise<import('./result.mjs').RuntimeResult>}
 */
export async function runChromium({ runtime, executablePath, bundle }) {
  const script = readFileSync(bundle);
  const server = createServer((req, res) => {
    if (req.url === '/browser.mjs') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>signwire</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    server.close();
    return startFailure(runtime, 'unknown', String(error?.message ?? error).slice(0, 4000));
  }
  const version = browser.version();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.evaluate(async () => (await import('/browser.mjs')).run());
    return { runtime, version, ...result, ...(errors.length ? { error: errors.join('\n') } : {}) };
  } catch (error) {
    return startFailure(runtime, version, String(error?.message ?? error).slice(0, 4000));
  } finally {
    await browser.close();
    server.close();
  }
}
