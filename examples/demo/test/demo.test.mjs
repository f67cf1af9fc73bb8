// The demo end to end: the scenario over HTTP, `demo.mjs --ci` as CI runs it, and the inspector page in
// headless Chromium (signs in the browser, sends, tampers). Needs `pnpm build` (the page bundles dist).
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';
import { runScenario } from '../scenario.mjs';
import { startDemoServer } from '../server.mjs';

const ARTIFACTS = fileURLToPath(new URL('../../../.artifacts/', import.meta.url));

let server;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server?.close());

describe('pnpm demo', () => {
  it('every case of the scenario gets its expected verdict over HTTP', async () => {
    const rows = await runScenario(server.url);
    expect(rows.map((r) => [r.name, r.status, r.code])).toEqual([
      ['signed request', 200, 'OK'],
      ['one body byte changed', 401, 'DIGEST_MISMATCH'],
      ['path changed', 401, 'SIGNATURE_INVALID'],
      ['replayed', 401, 'NONCE_REPLAYED'],
      ['expired (signed 10 min ago)', 401, 'SIGNATURE_EXPIRED'],
      ['unsigned', 401, 'SIGNATURE_MISSING'],
      ['signed with an unknown key', 401, 'KEY_UNKNOWN'],
    ]);
  });

  it('--ci prints the table and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../demo.mjs', import.meta.url)), '--ci']);
    expect(stdout).toContain('7 of 7 cases got their expected verdict');
    expect(stdout).toMatch(/replayed\s+POST \/api\/orders\s+401\s+NONCE_REPLAYED/);
  });
});

describe('the signature inspector in Chromium', () => {
  let browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('signs in the page, is accepted, and rejects a tampered body and path', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready="true"]');

    expect(await page.textContent('#out-body')).toBe('{"item":"book","note":"déjà vu","qty":2}');
    expect(await page.textContent('#out-digest')).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    expect(await page.locator('#out-base li').allTextContents()).toEqual([
      '"@method": POST',
      `"@authority": ${new URL(server.url).host}`,
      '"@path": /api/orders',
      '"@query": ?dry_run=1',
      '"content-type": application/json',
      expect.stringMatching(/^"content-digest": sha-256=:/),
      expect.stringMatching(
        /^"@signature-params": \("@method" "@authority" "@path" "@query" "content-type" "content-digest"\);created=\d+;nonce="/,
      ),
    ]);
    expect(await page.textContent('#agree')).toContain('client and core agree');

    const verdict = async (button) => {
      await page.click(button);
      await page.waitForSelector('#verdict:is(.accepted, .rejected)');
      const result = await page.$eval('#verdict', (node) => [node.dataset.status, node.dataset.code]);
      return result;
    };
    expect(await verdict('#send')).toEqual(['200', 'ACCEPTED']);
    expect(await verdict('#replay')).toEqual(['401', 'NONCE_REPLAYED']);
    expect(await verdict('#unsigned')).toEqual(['401', 'SIGNATURE_MISSING']);
    expect(await verdict('#tamper-body')).toEqual(['401', 'DIGEST_MISMATCH']);
    expect(await verdict('#tamper-path')).toEqual(['401', 'SIGNATURE_INVALID']);
    // The server's base (debug mode) is diffed against the client's: only the @path line differs.
    expect(await page.locator('#verdict .diff-n.differs').allTextContents()).toEqual(['3']);
    expect(await page.locator('#verdict mark').allTextContents()).toEqual(['orders', 'admin']);
    expect(await page.locator('#diff .diff-n.differs').allTextContents()).toEqual(['3']);

    // A key the server does not know, typed into the page.
    await page.fill('#keyid', 'someone-else');
    expect(await verdict('#send')).toEqual(['401', 'KEY_UNKNOWN']);
    await page.fill('#keyid', 'demo-client');
    expect(await verdict('#send')).toEqual(['200', 'ACCEPTED']);
    await page.click('#tamper-path');
    await page.waitForSelector('#verdict[data-code="SIGNATURE_INVALID"]');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}demo-inspector.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
