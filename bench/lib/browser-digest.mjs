// SHA-256 in a real browser: @noble/hashes vs await crypto.subtle.digest() in headless Chromium on a
// page served from 127.0.0.1 (a secure context), to place the client's WebCrypto threshold where it
// runs most. Skipped (null) when /usr/bin/chromium is missing.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * @param {number[]} sizes - body sizes in bytes.
 * @param {number} rounds - timed rounds per size (the fastest is kept).
 * @returns {Promise<{ size: number, noble: number, webcrypto: number }[] | null>} ns per hash.
 */
export async function chromiumDigests(sizes, rounds) {
  if (!existsSync(CHROMIUM)) return null;
  const bundle = await build({
    stdin: { contents: "export { sha256 } from '@noble/hashes/sha2.js';", resolveDir: new URL('..', import.meta.url).pathname },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'noble',
  });
  const server = createServer((_, res) => res.end(`<script>${bundle.outputFiles[0].text}</script>`)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    return await page.evaluate(
      async ({ sizes, rounds }) => {
        const data = new Uint8Array(1 << 20).map((_, i) => (i * 31 + 7) & 0xff);
        // Mean of a batch of awaited calls (the page's clock is coarse), fastest of `rounds` batches.
        const nsPerCall = async (fn, size) => {
          const batch = Math.max(10, Math.min(300, Math.floor(2 ** 24 / size)));
          for (let i = 0; i < batch; i++) await fn();
          let best = Number.POSITIVE_INFINITY;
          for (let round = 0; round < rounds; round++) {
            const started = performance.now();
            for (let i = 0; i < batch; i++) await fn();
            best = Math.min(best, ((performance.now() - started) * 1e6) / batch);
          }
          return best;
        };
        const rows = [];
        for (const size of sizes) {
          const bytes = data.subarray(0, size);
          rows.push({
            size,
            noble: await nsPerCall(() => globalThis.noble.sha256(bytes), size),
            webcrypto: await nsPerCall(() => crypto.subtle.digest('SHA-256', bytes), size),
          });
        }
        return rows;
      },
      { sizes, rounds },
    );
  } finally {
    await browser.close();
    server.close();
  }
}
