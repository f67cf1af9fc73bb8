// docs/adapters/hono.md — Hono on Node (@hono/node-server), complete; the same middleware runs on
// any Fetch runtime (Bun, Deno, workers) where the server package's node: imports are available.
import { serve } from '@hono/node-server';
import { createVerifier, isSignwireError } from '@signwire/server';
import { type SignwireVariables, signwire } from '@signwire/server/hono';
import { Hono } from 'hono';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: 'https://api.example.com',
});

const app = new Hono<{ Variables: SignwireVariables }>();
app.get('/healthz', (c) => c.text('ok'));
app.use('/api/*', signwire(verifier, { cors: { origins: ['https://app.example.com'] } }));
app.post('/api/orders', async (c) => {
  const verified = c.get('signwire');
  const order = await c.req.json(); // exactly the verified bytes, which the middleware hands on
  return c.json({ by: verified.keyId, order }, 201);
});
app.post('/api/uploads', async (c) => {
  const form = await c.req.formData(); // or c.req.parseBody(): Hono parses the verified bytes (multipart or urlencoded)
  const file = form.get('file');
  return c.json({ title: form.get('title'), bytes: file instanceof File ? file.size : 0 }, 201);
});
app.onError((error, c) => {
  console.error(error); // key resolver outages land here
  return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
});

serve({ fetch: app.fetch, port: 3000 });

/** Any other Fetch server: call the verifier directly. */
export async function fetchHandler(request: Request): Promise<Response> {
  try {
    const verified = await verifier.verify(request);
    return Response.json({ by: verified.keyId, order: verified.json });
  } catch (error) {
    if (isSignwireError(error)) return verifier.errorResponse(error);
    throw error;
  }
}
