#!/usr/bin/env node
// `pnpm inspector:screenshot`: the README's picture of the inspector's paste mode, taken from the real
// page. Starts the built `signwire inspect`, pastes a request signed with the demo key whose path a
// proxy changed (fixed time and nonce, so the picture only changes when the page does), and saves the
// paste card as docs/images/inspector-paste.png. Needs `pnpm build` and Chromium
// (scripts/ensure-system-deps.sh).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSigner, nobleHashes } from '../../packages/client/dist/index.js';
import { launchChromium } from '../testing/chromium.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OUT = `${REPO}docs/images/inspector-paste.png`;
const DEMO = { keyId: 'demo-client', secret: 'c2lnbndpcmUtZGVtby1rZXktMDEyMzQ1Njc4OWFiY2Q=' }; // packages/cli/src/inspector/demo-key.ts
const CREATED = 1_700_000_000;

/** The request the client signed, as the server received it after a proxy added /api to the path. */
function rewrittenRequest() {
  const body = '{"item":"book","qty":2}';
  const signer = createSigner({
    keyId: DEMO.keyId,
    secret: { base64: DEMO.secret },
    now: () => CREATED * 1000,
    nonce: () => 'AAECAwQFBgcICQoLDA0ODw',
    hashes: nobleHashes,
  });
  const headers = [['Content-Type', 'application/json']];
  const signed = signer.signSync({ method: 'POST', url: 'https://api.example.com/v1/orders?dry_run=1', headers, body });
  const fields = [...headers, ['Content-Length', String(body.length)], ...Object.entries(signed)].map(([n, v]) => `${n}: ${v}`);
  return ['POST /api/v1/orders?dry_run=1 HTTP/1.1', 'Host: api.example.com', ...fields, '', body].join('\n');
}

const inspector = spawn(process.execPath, [`${REPO}packages/cli/dist/bin.js`, 'inspect', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    inspector.stdout.on('data', (chunk) => {
      out += chunk;
      const printed = /^Signwire inspector: (\S+)\n/.exec(out)?.[1];
      if (printed) resolve(printed);
    });
    inspector.once('exit', (code) => reject(new Error(`signwire inspect exited ${code}`)));
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#paste-origin', 'https://api.example.com');
    await page.fill('#paste-secret', DEMO.secret);
    await page.fill('#paste-keyid', DEMO.keyId);
    await page.fill('#paste-now', String(CREATED + 4));
    await page.fill('#paste-request', rewrittenRequest());
    await page.waitForSelector('#paste-result[data-code="SIGNATURE_INVALID"]');
    await page.evaluate(() => document.activeElement?.blur()); // no focus ring or caret: the same picture every run
    mkdirSync(new URL('.', `file://${OUT}`), { recursive: true });
    await page.locator('#paste-card').screenshot({ path: OUT });
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
  }
} finally {
  inspector.kill('SIGTERM');
}
