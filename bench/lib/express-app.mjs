// One Express app, started with or without the Signwire middleware: argv[2] is 'plain' or
// 'signwire', argv[3] the base64 key. It prints its port on stdout, then serves until killed. Both
// variants parse the JSON body and answer the same JSON, so the difference is what verifying costs.
// bench/profile.mjs imports startApp() to run the same app in its own process.
import { pathToFileURL } from 'node:url';
import express from 'express';

const handler = (req, res) => res.json({ ok: true, items: req.body.items.length, by: req.signwire?.keyId ?? null });

/**
 * @param {'plain' | 'signwire'} mode
 * @param {Uint8Array} key
 * @returns {Promise<{ server: import('node:http').Server, port: number }>}
 */
export async function startApp(mode, key) {
  const { createMemoryNonceStore, createVerifier, expressSignwire } = await import(new URL('../.cache/signwire.mjs', import.meta.url).href);
  const app = express();
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      if (mode === 'signwire') {
        // Sized as docs/replay.md says for this load (up to ~8 000 req/s × 360 s × 1.5): the default
        // 100 000 entries fill up within a full bench run on a fast machine and then answer 503.
        const nonceStore = createMemoryNonceStore({ maxEntries: 5_000_000 });
        const verifier = createVerifier({ keys: { 'client-1': key }, publicOrigin: `http://127.0.0.1:${port}`, nonceStore, log: false });
        app.post('/v1/orders', expressSignwire(verifier), handler);
      } else {
        app.post('/v1/orders', express.json(), handler);
      }
      resolve({ server, port });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mode, keyBase64] = process.argv.slice(2);
  const { port } = await startApp(mode, Buffer.from(keyBase64, 'base64'));
  process.stdout.write(`${port}\n`);
}
