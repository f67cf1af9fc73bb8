// The demo API: Express + @signwire/server with the in-memory nonce store, plus the inspector page
// (the one `signwire inspect` serves, built into @signwire/cli's dist/inspector/).
import { readFile } from 'node:fs/promises';
import { createVerifier } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import express from 'express';

/** The demo's shared secret (32 bytes). A demo only: never ship a long-lived secret to a browser. */
export const DEMO_KEY_ID = 'demo-client';
export const DEMO_SECRET = 'c2lnbndpcmUtZGVtby1rZXktMDEyMzQ1Njc4OWFiY2Q=';

const page = (file) => new URL(`./dist/inspector/${file}`, import.meta.resolve('@signwire/cli/package.json'));

export async function createDemoApp() {
  const [html, css, script] = await Promise.all(['index.html', 'style.css', 'inspector.js'].map((file) => readFile(page(file), 'utf8')));
  const verifier = createVerifier({
    keys: { [DEMO_KEY_ID]: { base64: DEMO_SECRET } },
    trustHost: true, // local demo: whatever host you opened (localhost, 127.0.0.1). Use publicOrigin in production.
    debug: true, // rejections carry the server's signature base, so the page can diff it. Never in production.
  });
  const app = express();
  app.get('/', (_req, res) => res.type('html').send(html));
  app.get('/style.css', (_req, res) => res.type('css').send(css));
  app.get('/inspector.js', (_req, res) => res.type('js').send(script));
  app.all('/api/{*rest}', signwire(verifier), (req, res) => {
    res.json({
      ok: true,
      keyId: req.signwire?.keyId,
      method: req.method,
      path: req.originalUrl,
      covered: req.signwire?.covered,
      body: req.body ?? null,
    });
  });
  return app;
}

/** Starts the demo server; resolves with its URL and a close function. Port 0 picks a free port. */
export async function startDemoServer({ port = 0, host = '127.0.0.1' } = {}) {
  const app = await createDemoApp();
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${server.address().port}`;
      resolve({
        url,
        close: () =>
          new Promise((done) => {
            server.close(done);
            server.closeAllConnections(); // keep-alive sockets (the scenario's fetch, browsers) must not hold Ctrl-C
          }),
      });
    });
  });
}
