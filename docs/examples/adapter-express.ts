// docs/adapters/express.md — Express 4/5, complete.
import { createVerifier, isSignwireError, readFormData } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import express from 'express';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
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
  // req.body: the parsed JSON or urlencoded form fields (parsed once from the verified bytes), a
  // Buffer for other types, or undefined.
  res.status(201).json({ by: req.signwire?.keyId, order: req.body });
});
app.post('/api/uploads', async (req, res) => {
  const form = await readFormData(req.signwire); // Express 4: catch and call next(error) yourself
  const file = form.get('file');
  res.status(201).json({ title: form.get('title'), bytes: file instanceof File ? file.size : 0 });
});
app.put('/api/files/:name', (req, res) => {
  const bytes = req.body as Buffer | undefined; // e.g. application/octet-stream
  res.json({ name: req.params.name, size: bytes?.length ?? 0 });
});

// Errors from your key resolver or nonce store reach Express's error handling (fail closed), and so
// does readFormData's FORM_INVALID, answered here like a rejection.
app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  if (isSignwireError(error)) {
    res.status(error.status).json(verifier.errorBody(error));
    return;
  }
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
