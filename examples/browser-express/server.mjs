// An Express app: a page that signs its API calls in the browser, a route that gives the logged-in
// user short-lived keys, and an API that accepts only signed requests. No key is stored anywhere.
import { randomBytes } from 'node:crypto';
import { createKeyIssuer, createVerifier } from '@signwire/server';
import { keyIssuingRoute, signwire } from '@signwire/server/express';
import { build } from 'esbuild';
import express from 'express';

const port = Number(process.env.PORT ?? 3000);
const MASTER_SECRET = process.env.SIGNWIRE_MASTER_SECRET; // never leaves the server
if (!MASTER_SECRET) throw new Error('set SIGNWIRE_MASTER_SECRET, e.g. export SIGNWIRE_MASTER_SECRET=$(openssl rand -base64 32)');

// Each user's keys are derived from the master secret; the key id says whose they are and until when.
const issuer = createKeyIssuer({ masterKeys: { m1: { base64: MASTER_SECRET } }, currentMaster: 'm1', ttlSeconds: 900 });
const verifier = createVerifier({
  publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, // the origin the page signs
  keys: issuer,
});

// The page's script, bundled with @signwire/client (use your own bundler in a real app).
const bundle = await build({ entryPoints: [new URL('./app.js', import.meta.url).pathname], bundle: true, format: 'esm', write: false });

// Sessions: in your app, your login. Here every visitor of the page is logged in as "alice".
const sessions = new Map();
const sessionUser = (req) => sessions.get(/(?:^|;\s*)session=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1]);

const app = express();
app.get('/', (_req, res) => {
  const session = randomBytes(16).toString('hex');
  sessions.set(session, 'alice');
  res.cookie('session', session, { httpOnly: true, sameSite: 'strict' }).sendFile(new URL('./index.html', import.meta.url).pathname);
});
app.get('/app.js', (_req, res) => res.type('js').send(bundle.outputFiles[0].text));

// The key route: 200 { keyId, secret, expires } with Cache-Control: no-store, or 401 without a session.
app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: sessionUser }));

// signwire() before any body parser; req.body is then the verified JSON.
app.post('/api/orders', signwire(verifier), (req, res) => {
  res.status(201).json({ user: req.signwire.subject, order: req.body }); // who signed: check they may do this
});

app.listen(port, () => console.log(`listening on http://localhost:${port}`));
