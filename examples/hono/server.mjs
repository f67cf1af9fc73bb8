// A Hono API that accepts only Signwire-signed requests. Runs on Node via @hono/node-server; the same
// `app` runs on any Fetch-API runtime (Bun, Deno, workers).
import { serve } from '@hono/node-server';
import { createVerifier } from '@signwire/server';
import { signwire } from '@signwire/server/hono';
import { Hono } from 'hono';

const port = Number(process.env.PORT ?? 3000);
const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET } },
  publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, // the origin clients sign
});

const app = new Hono();
app.use('/api/*', signwire(verifier));
app.post('/api/orders', async (c) => c.json({ by: c.get('signwire').keyId, order: await c.req.json() }, 201));

serve({ fetch: app.fetch, port }, () => console.log(`listening on http://localhost:${port}`));
