// The inspector page served by a real `signwire inspect` process, in headless Chromium: what the
// verdict and the compare panel say after replays, attacks and a wrong secret.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/testing/chromium.mjs';
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
