// An Express app: a page that signs its API calls in the browser, a route that gives the page a
// short-lived per-user key, and an API that accepts only signed requests.
import { createHmac } from 'node:crypto';
import { createVerifier } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import { build } from 'esbuild';
import express from 'express';

const port = Number(process.env.PORT ?? 3000);
const MASTER_SECRET = process.env.SIGNWIRE_MASTER_SECRET; // never leaves the server
if (!MASTER_SECRET) throw new Error('set SIGNWIRE_MASTER_SECRET, e.g. export SIGNWIRE_MASTER_SECRET=$(openssl rand -base64 32)');

// Each user key is derived from the master secret and its key id "u:<user>:<expiry>": no key storage.
const deriveSecret = (keyId) => createHmac('sha256', MASTER_SECRET).update(keyId).digest();

const verifier = createVerifier({
  publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, // the origin the page signs
  keys: (keyId) => {
    const match = /^u:([\w-]{1,64}):(\d{1,12})$/.exec(keyId);
    return match === null ? undefined : { secret: deriveSecret(keyId), notAfter: Number(match[2]) }; // KEY_RETIRED after expiry
  },
});

// The page's script, bundled with @signwire/client (use your own bundler in a real app).
const bundle = await build({ entryPoints: [new URL('./app.js', import.meta.url).pathname], bundle: true, format: 'esm', write: false });

const app = express();
app.get('/', (_req, res) => res.sendFile(new URL('./index.html', import.meta.url).pathname));
app.get('/app.js', (_req, res) => res.type('js').send(bundle.outputFiles[0].text));

app.get('/session/signing-key', (_req, res) => {
  const userId = 'alice'; // in your app: the logged-in user, after your session check
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const keyId = `u:${userId}:${expires}`;
  res.set('cache-control', 'no-store').json({ keyId, secret: deriveSecret(keyId).toString('base64url'), expires });
});

// signwire() before any body parser; req.body is then the verified JSON.
app.post('/api/orders', signwire(verifier), (req, res) => {
  const userId = req.signwire.keyId.split(':')[1]; // who signed: check they may do this
  res.status(201).json({ user: userId, order: req.body });
});

app.listen(port, () => console.log(`listening on http://localhost:${port}`));
