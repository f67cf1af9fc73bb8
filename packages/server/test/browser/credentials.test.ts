// Issued keys end to end in headless Chromium (docs/keys.md): the page logs in (an HttpOnly cookie),
// gets short-lived keys from keyIssuingRoute with the built @signwire/client's credentialsFrom, and
// signs its calls to an Express API behind signwire(verifier) with keys: issuer. Keys live 4 s here,
// so the page must refresh them while it calls; then the user is suspended (one retry, then
// KEY_REVOKED) and logged out everywhere (one send, then CREDENTIALS_UNAVAILABLE).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../scripts/testing/chromium.mjs';
import { bundlePage } from '../../../client/test/browser/bundle-page.js';
import { keyIssuingRoute, signwire } from '../../src/adapters/express.js';
import { createKeyIssuer, createVerifier, type Verifier } from '../../src/index.js';

const TTL_SECONDS = 4;

interface Call {
  status?: number;
  body?: { user: string; keyId: string };
  code?: string;
  sent: number;
}

interface PageApi {
  login(user: string): Promise<number>;
  call(path?: string): Promise<Call>;
  callFor(forMs: number): Promise<Call[]>;
  imports(): { extractable: boolean; usages: string[] }[];
}

/** The application: sessions by cookie, revocation times by user, and what the API answered. */
function startApp(script: string) {
  const sessions = new Map<string, string>();
  const revoked = new Map<string, number>();
  const answered: { status: number; keyId: string | undefined }[] = [];
  let keysIssued = 0;
  const issuer = createKeyIssuer({
    masterKeys: { m2026: randomBytes(32) },
    currentMaster: 'm2026',
    ttlSeconds: TTL_SECONDS,
    revokedBefore: async (user) => revoked.get(user),
  });
  let verifier: Verifier | undefined;
  const userOf = (req: express.Request): string | undefined => {
    const cookie = /(?:^|;\s*)session=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1];
    return cookie === undefined ? undefined : sessions.get(cookie);
  };
  const app = express();
  app.set('etag', false); // every answer is a fresh 200, never a 304 from the browser's cache
  app.get('/', (_req, res) => void res.type('html').send('<!doctype html><script type="module" src="/page.js"></script>'));
  app.get('/page.js', (_req, res) => void res.type('js').send(script));
  app.post('/login', express.text(), (req, res) => {
    const session = randomBytes(16).toString('hex');
    sessions.set(session, String(req.body));
    res.cookie('session', session, { httpOnly: true, sameSite: 'strict' }).status(204).end();
  });
  const issueKey = keyIssuingRoute(issuer, { subject: userOf });
  app.get('/session/signing-key', (req, res, next) => {
    keysIssued++;
    issueKey(req, res, next);
  });
  app.use('/api', (req, res, next) => {
    res.on('finish', () => answered.push({ status: res.statusCode, keyId: /keyid="([^"]*)"/.exec(req.get('signature-input') ?? '')?.[1] }));
    signwire(verifier as Verifier)(req, res, next);
  });
  app.get('/api/me', (req, res) => void res.json({ user: req.signwire?.subject, keyId: req.signwire?.keyId }));
  const server = createServer(app);
  return new Promise<{
    server: Server;
    sessions: typeof sessions;
    revoked: typeof revoked;
    answered: typeof answered;
    keysIssued: () => number;
  }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      verifier = createVerifier({ keys: issuer, publicOrigin: `http://127.0.0.1:${port}`, log: false });
      resolve({ server, sessions, revoked, answered, keysIssued: () => keysIssued });
    });
  });
}

describe('issued keys in headless Chromium: log in, sign, refresh, revoke', { timeout: 90_000 }, () => {
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let page: Page;
  const errors: string[] = [];
  /** Calls one of the page's functions (credentials-page.ts) with one argument. */
  const run = <K extends keyof PageApi>(name: K, arg?: Parameters<PageApi[K]>[0]): Promise<Awaited<ReturnType<PageApi[K]>>> =>
    page.evaluate(
      ([method, value]) => {
        const api = (globalThis as unknown as { signwirePage: Record<string, (v: unknown) => unknown> }).signwirePage;
        return api[method as string]?.(value);
      },
      [name, arg] as const,
    ) as Promise<Awaited<ReturnType<PageApi[K]>>>;

  beforeAll(async () => {
    const script = await bundlePage(new URL('./credentials-page.ts', import.meta.url), ['dist/index.js', '../core/dist/index.js']);
    app = await startApp(script);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof (globalThis as { signwirePage?: unknown }).signwirePage === 'object', undefined, {
      timeout: 10_000,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (app === undefined ? resolve(undefined) : app.server.close(resolve)));
    expect(errors).toEqual([]);
  });

  it('before login: the key route answers 401, the call fails with CREDENTIALS_UNAVAILABLE, nothing is sent', async () => {
    expect(await run('call')).toEqual({ code: 'CREDENTIALS_UNAVAILABLE', sent: 0 });
    expect(app?.answered).toEqual([]);
  });

  it('after login (cookie): a signed call verifies as the logged-in user', async () => {
    expect(await run('login', 'alice')).toBe(204);
    const first = await run('call');
    expect(first).toMatchObject({
      status: 200,
      sent: 1,
      body: { user: 'alice', keyId: expect.stringMatching(/^swk1:m2026:alice:\d+:\d+$/) },
    });
    expect(app?.keysIssued()).toBe(2); // the refused attempt before login, then this one
  });

  it('keys of 4 s are refreshed while the page calls every 200 ms for 10 s, without a failed call', async () => {
    const issuedBefore = app?.keysIssued() ?? 0;
    const answeredBefore = app?.answered.length ?? 0;
    const calls = await run('callFor', 10_000);
    expect(calls.length).toBeGreaterThanOrEqual(30);
    expect(calls.filter((c) => c.status !== 200 || c.sent !== 1)).toEqual([]);
    const keyIds = new Set(calls.map((c) => c.body?.keyId));
    expect(keyIds.size).toBeGreaterThanOrEqual(3); // 10 s of keys that live 4 s and are replaced 1 s early
    expect((app?.keysIssued() ?? 0) - issuedBefore).toBe(keyIds.size - 1); // the first was issued before
    expect(app?.answered.slice(answeredBefore).filter((a) => a.status !== 200)).toEqual([]); // the server refused nothing
  });

  it('each key is imported into WebCrypto once, non-extractable, for signing only', async () => {
    const imports = await run('imports');
    expect(imports.length).toBe(new Set(app?.answered.map((a) => a.keyId)).size);
    expect(imports.every((i) => i.extractable === false && i.usages.join() === 'sign')).toBe(true);
  });

  it('a suspended user: the next call is refused KEY_REVOKED, retried once with a new key, and fails with KEY_REVOKED', async () => {
    app?.revoked.set('alice', Math.floor(Date.now() / 1000) + 3600);
    const answeredBefore = app?.answered.length ?? 0;
    const issuedBefore = app?.keysIssued() ?? 0;
    const suspended = await run('call');
    expect(suspended).toMatchObject({ status: 401, sent: 2, body: { error: { code: 'KEY_REVOKED' } } });
    const answers = app?.answered.slice(answeredBefore) ?? [];
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect(answers[0]?.keyId).not.toBe(answers[1]?.keyId); // the retry was signed with a new key
    expect((app?.keysIssued() ?? 0) - issuedBefore).toBe(1);
  });

  it('logged out everywhere: the next call is refused KEY_REVOKED once, no key can be had, CREDENTIALS_UNAVAILABLE', async () => {
    app?.revoked.set('alice', Math.floor(Date.now() / 1000) + 1);
    app?.sessions.clear();
    const answeredBefore = app?.answered.length ?? 0;
    const call = await run('call');
    expect(call).toEqual({ code: 'CREDENTIALS_UNAVAILABLE', sent: 1 });
    expect(app?.answered.slice(answeredBefore).map((a) => a.status)).toEqual([401]);
  });
});
