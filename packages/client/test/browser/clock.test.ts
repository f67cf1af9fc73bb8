import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../scripts/testing/chromium.mjs';
import { sendRejection, signResponses, verifyIncomingMessage } from '../../../server/src/adapters/node.js';
import { isPreflight } from '../../../server/src/cors.js';
import { corsHeaders, createVerifier, resolveCors, type Verifier } from '../../../server/src/index.js';
import { bundlePage } from './bundle-page.js';

const SECRET_BASE64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2A=';
const SKEW_SECONDS = 600;
const _clientDir = fileURLToPath(new URL('../../', import.meta.url));

interface Outcome {
  name: string;
  status?: number;
  code?: string;
  body?: { ok: boolean; path: string; body: string };
  sent: number;
  offset: number;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** The API: verifies, signs responses and time rejections, answers CORS with the signature fields exposed. */
function apiServer(getVerifier: () => Verifier, pageOrigin: () => string): Server {
  const cors = resolveCors({ origins: '*' });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.origin !== pageOrigin()) return void res.writeHead(403).end();
    const verifier = getVerifier();
    if (isPreflight(req.method ?? '', req.headers['access-control-request-method'])) {
      return void res.writeHead(204, corsHeaders(cors, req.headers.origin, true)).end();
    }
    const extra = corsHeaders(cors, req.headers.origin, false);
    try {
      const verified = await verifyIncomingMessage(verifier, req);
      signResponses(verifier, verified, res);
      const body = JSON.stringify({ ok: true, path: req.url, body: new TextDecoder().decode(verified.body) });
      res.writeHead(200, { ...extra, 'content-type': 'application/json' }).end(body);
    } catch (error) {
      if (!sendRejection(verifier, res, error, extra)) res.writeHead(500, extra).end(String(error));
    }
  };
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
}

describe('signed responses and clock correction in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  const servers: Server[] = [];
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    const script = await bundlePage(new URL('./clock-page.ts', import.meta.url), [
      'dist/index.js',
      'dist/responses.js',
      '../core/dist/index.js',
    ]);
    const page = createServer((req, res) => {
      if (req.url === '/client.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/client.js"></script>');
    });
    const pagePort = await listen(page);
    let verifier: Verifier | undefined;
    const api = apiServer(
      () => verifier as Verifier,
      () => `http://127.0.0.1:${pagePort}`,
    );
    const apiPort = await listen(api);
    servers.push(page, api);
    verifier = createVerifier({
      keys: { 'browser-1': { base64: SECRET_BASE64 } },
      publicOrigin: `http://127.0.0.1:${apiPort}`,
      now: () => Date.now() / 1000 + SKEW_SECONDS,
      signResponses: true,
    });
    browser = await launchChromium();
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    await tab.waitForFunction(() => typeof (globalThis as { runClock?: unknown }).runClock === 'function', undefined, { timeout: 10_000 });
    outcomes = await tab.evaluate(
      ([apiUrl, secret]) =>
        (globalThis as unknown as { runClock: (a: string, s: string) => Promise<Outcome[]> }).runClock(apiUrl as string, secret as string),
      [`http://127.0.0.1:${apiPort}`, SECRET_BASE64],
    );
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  const byName = (name: string): Outcome | undefined => outcomes.find((o) => o.name === name);

  it('first request: rejected for its time, corrected from the signed rejection, retried once, succeeds', () => {
    const first = byName('first');
    expect(first?.status).toBe(200);
    expect(first?.sent).toBe(2);
    expect(Math.abs((first?.offset ?? 0) - SKEW_SECONDS)).toBeLessThanOrEqual(2);
    expect(first?.body).toMatchObject({ ok: true, path: '/orders/first?n=1', body: 'order first' });
  });

  it('next request: succeeds the first time with the learned offset', () => {
    const second = byName('second');
    expect(second?.status).toBe(200);
    expect(second?.sent).toBe(1);
  });

  it('a forged unsigned Date changes nothing (SIGNATURE_MISSING, no retry, offset 0)', () => {
    expect(byName('forged-date')).toMatchObject({ code: 'SIGNATURE_MISSING', sent: 1, offset: 0 });
  });

  it('a tampered signed time changes nothing (SIGNATURE_INVALID, no retry, offset 0)', () => {
    expect(byName('tampered-time')).toMatchObject({ code: 'SIGNATURE_INVALID', sent: 1, offset: 0 });
  });
});
