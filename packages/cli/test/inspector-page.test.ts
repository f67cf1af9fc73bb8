// The inspector page served by a real `signwire inspect` process, in headless Chromium: what the
// verdict and the compare panel say after replays, attacks and a wrong secret; the paste mode with
// valid, tampered and expired requests; the copied curl and signwire curl commands, run in a shell.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createSigner, nobleHashes } from '@signwire/client';
import { createNonce, importSecret, signRequest } from '@signwire/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';
import { DEMO_KEY_ID, DEMO_SECRET } from '../src/inspector/demo-key.js';
import { BIN } from './helpers/cli.js';

let inspector: ChildProcess;
let url: string;
let browser: Browser;

beforeAll(async () => {
  inspector = spawn(process.execPath, [BIN, 'inspect', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  [url, browser] = await Promise.all([
    new Promise<string>((resolve, reject) => {
      let out = '';
      inspector.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const printed = /^Signwire inspector: (\S+)\n/.exec(out)?.[1];
        if (printed !== undefined) resolve(printed);
      });
      inspector.once('exit', (code) => reject(new Error(`signwire inspect exited ${code}`)));
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  inspector?.kill('SIGTERM');
});

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every 401 the demo API answers (the attacks); anything else (CSP, 404s) is an error.
    if (message.type() === 'error' && !/status of 401 \(Unauthorized\)/.test(message.text())) errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors };
}

/** Clicks a send button and waits for its verdict: [status, code]. */
async function verdict(page: Page, button: string): Promise<[string, string]> {
  await page.$eval('#verdict', (node) => {
    (node as HTMLElement).className = 'verdict pending';
  });
  await page.click(button);
  await page.waitForSelector('#verdict:is(.accepted, .rejected)');
  return page.$eval('#verdict', (node) => [(node as HTMLElement).dataset.status ?? '', (node as HTMLElement).dataset.code ?? '']);
}

const differingLines = (page: Page, panel: string) => page.locator(`${panel} .diff-n.differs`).allTextContents();

describe('the inspector page: verdicts and the compare panel', () => {
  it('replaying the last request compares the server’s base with the replayed request, not a newly signed one', async () => {
    const { page, errors } = await openPage();
    expect(await verdict(page, '#send')).toEqual(['200', 'ACCEPTED']);
    expect(await verdict(page, '#replay')).toEqual(['401', 'NONCE_REPLAYED']);
    // The replayed request is the one the server saw: same base, so no differing line anywhere.
    expect(await differingLines(page, '#verdict')).toEqual([]);
    expect(await page.textContent('#verdict')).not.toContain('differs');
    expect(await differingLines(page, '#diff')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a wrong secret: SIGNATURE_INVALID over identical bases says the keys differ, and replaces an earlier attack’s diff', async () => {
    const { page, errors } = await openPage();
    expect(await verdict(page, '#tamper-path')).toEqual(['401', 'SIGNATURE_INVALID']);
    expect(await differingLines(page, '#diff')).toEqual(['3']);

    await page.fill('#secret', 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    expect(await verdict(page, '#send')).toEqual(['401', 'SIGNATURE_INVALID']);
    expect(await page.textContent('#verdict')).toContain('The server computed the same signature base, so the keys differ');
    expect(await differingLines(page, '#diff')).toEqual([]);
    expect(await page.textContent('#diff')).toContain('Identical');
    expect(await page.inputValue('#base-client')).toBe(await page.inputValue('#base-server'));
    expect(errors).toEqual([]);
  });

  it('an accepted request clears a diff an earlier attack left in the compare panel, but never what was pasted', async () => {
    const { page, errors } = await openPage();
    expect(await verdict(page, '#tamper-body')).toEqual(['401', 'DIGEST_MISMATCH']);
    expect(await verdict(page, '#tamper-path')).toEqual(['401', 'SIGNATURE_INVALID']);
    expect(await differingLines(page, '#diff')).toEqual(['3']);
    expect(await verdict(page, '#send')).toEqual(['200', 'ACCEPTED']);
    expect(await differingLines(page, '#diff')).toEqual([]);
    expect([await page.inputValue('#base-client'), await page.inputValue('#base-server')]).toEqual(['', '']);

    await page.fill('#base-client', '"@method": GET');
    await page.fill('#base-server', '"@method": PUT');
    expect(await verdict(page, '#send')).toEqual(['200', 'ACCEPTED']);
    expect(await differingLines(page, '#diff')).toEqual(['1']);
    expect(errors).toEqual([]);
  });
});

const ORIGIN = 'https://api.example.com';

/** A raw request signed with the demo key for ORIGIN, and the base it was signed over. */
function signedRequest(created: number, body = '{"qty":2}'): { raw: string; base: string } {
  const nonce = createNonce();
  const request = {
    method: 'POST',
    url: `${ORIGIN}/v1/orders?dry_run=1`,
    headers: [['Content-Type', 'application/json']] as [string, string][],
    body,
  };
  const signer = createSigner({
    keyId: DEMO_KEY_ID,
    secret: { base64: DEMO_SECRET },
    now: () => created * 1000,
    nonce: () => nonce,
    hashes: nobleHashes,
  });
  const signed = signer.signSync(request);
  const { signatureBase } = signRequest({ request, key: importSecret({ base64: DEMO_SECRET }), keyId: DEMO_KEY_ID, created, nonce });
  const lines = [
    'POST /v1/orders?dry_run=1 HTTP/1.1',
    'Host: api.example.com',
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    ...Object.entries(signed).map(([name, value]) => `${name}: ${value}`),
  ];
  return { raw: `${lines.join('\n')}\n\n${body}`, base: signatureBase };
}

async function paste(page: Page, raw: string, settings: { origin?: string; secret?: string; now?: string } = {}): Promise<string> {
  await page.fill('#paste-origin', settings.origin ?? ORIGIN);
  await page.fill('#paste-secret', settings.secret ?? DEMO_SECRET);
  await page.fill('#paste-now', settings.now ?? '');
  await page.fill('#paste-request', raw);
  return (await page.getAttribute('#paste-result', 'data-code')) ?? '';
}

const statuses = (page: Page) =>
  page.locator('#paste-checks li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.status));
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('the inspector page: paste mode', () => {
  it('a valid request: the decoded Signature-Input, every check, the base, and nothing sent over the network', async () => {
    const { page, errors } = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const { raw, base } = signedRequest(nowSeconds());
    expect(await paste(page, raw)).toBe('VALID');
    expect(await statuses(page)).toEqual([...Array(12).fill('passed'), 'skipped']);
    expect(await page.locator('#paste-base li').allTextContents()).toEqual(base.split('\n'));
    const decoded = await page.locator('.decoded').textContent();
    expect(decoded).toContain(`keyid"${DEMO_KEY_ID}"`);
    expect(decoded).toMatch(/created\d+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, (now|\d+ s before the clock)\)/);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a tampered request: the failing check, its code and the checks not run', async () => {
    const { page } = await openPage();
    const { raw } = signedRequest(nowSeconds());
    expect(await paste(page, raw.replace('{"qty":2}', '{"qty":3}'))).toBe('DIGEST_MISMATCH');
    expect(await statuses(page)).toEqual([...Array(11).fill('passed'), 'failed', 'not-run']);
    expect(await page.textContent('#paste-checks li[data-step="12"]')).toContain(
      'DIGEST_MISMATCH: the body does not match its Content-Digest',
    );
    expect(await paste(page, raw.replace('POST /v1/orders', 'POST /v1/refunds'))).toBe('SIGNATURE_INVALID');
    expect(await statuses(page)).toEqual([...Array(10).fill('passed'), 'failed', 'not-run', 'not-run']);
    expect(await page.locator('#paste-base li').allTextContents()).toContain('"@path": /v1/refunds');
    expect(await paste(page, raw, { secret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' })).toBe('SIGNATURE_INVALID');
  });

  it('an expired request: SIGNATURE_EXPIRED at step 7 with its age, then valid as of when it was signed', async () => {
    const { page } = await openPage();
    const { raw } = signedRequest(nowSeconds() - 3 * 3600);
    expect(await paste(page, raw)).toBe('SIGNATURE_EXPIRED');
    expect(await statuses(page)).toEqual([...Array(6).fill('passed'), 'failed', ...Array(6).fill('not-run')]);
    expect(await page.textContent('#paste-result')).toMatch(/Signed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 3 h( \d+ s)? before the clock/);
    await page.click('#paste-as-created');
    expect(await page.inputValue('#paste-now')).toBe('created');
    expect(await page.getAttribute('#paste-result', 'data-code')).toBe('VALID');
  });

  it('header lines only: the request line comes from the Method and Path fields', async () => {
    const { page } = await openPage();
    const { raw } = signedRequest(nowSeconds(), '');
    const headers = raw.split('\n').slice(1).join('\n');
    await page.fill('#paste-method', 'POST');
    await page.fill('#paste-target', '/v1/orders?dry_run=1');
    expect(await paste(page, headers)).toBe('VALID');
    await page.fill('#paste-target', '/v1/orders');
    expect(await page.getAttribute('#paste-result', 'data-code')).toBe('SIGNATURE_INVALID');
  });

  it('pastes the last request sent, which verifies', async () => {
    const { page } = await openPage();
    await page.click('#send');
    await page.waitForSelector('#verdict.accepted');
    await page.click('#paste-last');
    expect(await page.inputValue('#paste-request')).toMatch(/^POST \/api\/orders\?dry_run=1 HTTP\/1\.1\nHost: localhost:\d+\n/);
    expect(await page.getAttribute('#paste-result', 'data-code')).toBe('VALID');
  });

  it('says what is wrong with the input instead of a verdict', async () => {
    const { page } = await openPage();
    const { raw } = signedRequest(nowSeconds());
    expect(await paste(page, raw, { secret: 'c2hvcnQ=' })).toBe('INPUT');
    expect(await page.textContent('#paste-result .error')).toMatch(/^KEY_INVALID: the secret is 5 bytes/);
    expect(await paste(page, raw, { origin: 'https://api.example.com/v1' })).toBe('INPUT');
    expect(await page.textContent('#paste-result .error')).toContain('the origin must be scheme://host[:port] only');
    expect(await paste(page, raw, { now: 'yesterday' })).toBe('INPUT');
  });
});

describe('the inspector page: copy as a command', () => {
  it('the plain curl command and the signwire curl command both get a 200 from the demo API', async () => {
    const { page } = await openPage();
    await page.click('#copy-curl');
    const curl = (await page.textContent('#copy-out')) as string;
    expect(curl).toMatch(/^curl -X POST 'http:\/\/localhost:\d+\/api\/orders\?dry_run=1' -H 'content-type: application\/json' -H /);
    const sent = await promisify(execFile)('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`]);
    expect(sent.stdout).toBe('200');
    expect(await page.textContent('#copy-note')).toContain('accepted for 300 s');

    await page.click('#copy-signwire');
    const signwire = (await page.textContent('#copy-out')) as string;
    expect(signwire).toMatch(/^signwire curl --key-id demo-client -X POST -H 'content-type: application\/json' --data-raw '/);
    expect(signwire).not.toContain(DEMO_SECRET);
    const script = `signwire() { "${process.execPath}" "${BIN}" "$@"; }\n${signwire}`;
    const signed = await promisify(execFile)('bash', ['-c', script], {
      env: { PATH: process.env.PATH ?? '', SIGNWIRE_SECRET: DEMO_SECRET },
    });
    expect(JSON.parse(signed.stdout)).toMatchObject({ ok: true, keyId: DEMO_KEY_ID, body: { item: 'book', qty: 2 } });
  });
});
