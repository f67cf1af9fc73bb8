// An API that accepts only Signwire-signed requests: one Fetch handler wrapped by withSignwire,
// served on Node by @hono/node-server. It answers what it verified, so a client can see that the
// bytes it sent are the bytes that were signed.
import { serve } from '@hono/node-server';
import { createVerifier } from '@signwire/server';
import { withSignwire } from '@signwire/server/fetch';

/**
 * The verified API as a Fetch handler.
 * @param {{ secret: string, publicOrigin: string, pages?: Record<string, { type: string, body: string }>, now?: () => number }} options
 */
export function createApi({ secret, publicOrigin, pages = {}, now }) {
  const verifier = createVerifier({ keys: { 'client-1': { base64: secret } }, publicOrigin, log: false, ...(now ? { now } : {}) });
  const failedOnce = new Set();
  const api = withSignwire(verifier, async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/slow') await new Promise((resolve) => setTimeout(resolve, 2_000));
    if (pathname.startsWith('/api/flaky/') && !failedOnce.has(pathname)) {
      failedOnce.add(pathname); // each flaky path fails once, then answers
      return Response.json({ error: 'try again' }, { status: 503 });
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    return Response.json({
      by: request.signwire.keyId,
      created: request.signwire.created,
      nonce: request.signwire.nonce,
      covered: request.signwire.covered,
      method: request.method,
      target: pathname + new URL(request.url).search,
      contentType: request.headers.get('content-type'),
      body: new TextDecoder().decode(bytes),
      bytes: bytes.length,
    });
  });
  return async (request, env) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/public/slow') {
      // Unsigned, for comparing axios' own timeout behaviour with and without signing.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return new Response('late');
    }
    const page = pages[pathname];
    if (page !== undefined) return new Response(page.body, { headers: { 'content-type': page.type } });
    return api(request, env);
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const port = Number(process.env.PORT ?? 3000);
  const fetch = createApi({ secret: process.env.SIGNWIRE_SECRET, publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}` });
  serve({ fetch, port }, () => console.log(`listening on http://localhost:${port}`));
}
