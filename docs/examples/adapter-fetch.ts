// docs/adapters/fetch.md — one Fetch handler wrapped by withSignwire, served by Node
// (@hono/node-server's serve), exported for Cloudflare Workers, and as a Next.js route handler.
import { serve } from '@hono/node-server';
import { createSignedFetch, createSigner } from '@signwire/client';
import { createVerifier, readFormData } from '@signwire/server';
import { withSignwire } from '@signwire/server/fetch';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: 'https://api.example.com',
});

/** The application: its request's body is the verified bytes, `request.signwire` the verified result. */
export const handler = withSignwire(
  verifier,
  async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/orders' && request.method === 'POST') {
      const order = await request.json(); // exactly the verified bytes
      return Response.json({ by: request.signwire.keyId, order }, { status: 201 });
    }
    if (pathname === '/api/uploads' && request.method === 'POST') {
      const form = await readFormData(request.signwire); // FORM_INVALID (400) for a body that does not parse
      return Response.json({ title: form.get('title') }, { status: 201 });
    }
    return new Response('not found', { status: 404 });
  },
  { cors: { origins: ['https://app.example.com'] } },
);

// Node: @hono/node-server hands over the raw request target, which withSignwire verifies.
serve({ fetch: handler, port: 3000 });

// Cloudflare Workers (and Bun: `export default { fetch }` or `Bun.serve({ fetch: handler })`).
export default { fetch: handler };

// Next.js App Router, app/api/orders/route.ts: the route's `{ params }` pass through unchanged.
export const POST = withSignwire(verifier, async (request, context: { params: Promise<Record<string, string>> }) => {
  const params = await context.params;
  return Response.json({ by: request.signwire.keyId, order: request.signwire.json, params }, { status: 201 });
});

// The client side: any signer, createSignedFetch sends the bytes it signed.
export async function placeOrder(): Promise<unknown> {
  const signedFetch = createSignedFetch(createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET! } }));
  const response = await signedFetch.json('https://api.example.com/api/orders', { sku: 'book', qty: 2 });
  return response.json();
}
