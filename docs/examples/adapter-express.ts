// docs/adapters/express.md — Express 4/5, complete.
import { createVerifier } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import express from 'express';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET ?? '' } },
  publicOrigin: 'https://api.example.com',
  requiredComponents: ['x-request-id'],
});
const verify = signwire(verifier, { cors: { origins: ['https://app.example.com'] } });

const app = express();
app.get('/healthz', (_req, res) => {
  res.send('ok'); // declared before the middleware: not verified
});

// Global: every route below this line is verified. Never app.use('/api', verify): a mount path
// strips the prefix from req.url, and the adapter would verify /orders instead of the signed /api/orders.
app.use(verify);

app.post('/api/orders', (req, res) => {
  // req.body: the parsed JSON (parsed once from the verified bytes), a Buffer for other types, or undefined.
  res.status(201).json({ by: req.signwire?.keyId, order: req.body });
});
app.put('/api/files/:name', (req, res) => {
  const bytes = req.body as Buffer | undefined; // e.g. application/octet-stream
  res.json({ name: req.params.name, size: bytes?.length ?? 0 });
});

// Errors from your key resolver or nonce store reach Express's error handling (fail closed).
app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  console.error(error);
  res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
});

app.listen(3000);

/** Per route instead of globally: route paths do not rewrite req.url, so this is safe. */
export function perRoute(router: express.Express): void {
  router.post('/api/payments', signwire(verifier), (req, res) => {
    res.json({ by: req.signwire?.keyId });
  });
  // Or every /api route, without a mount path (Express 5 path syntax; Express 4: '/api/*').
  router.all('/api/{*rest}', signwire(verifier));
}
