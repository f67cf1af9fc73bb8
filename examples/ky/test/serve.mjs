// Starts the example API on 127.0.0.1 with a free port; publicOrigin is that port's origin.
import { once } from 'node:events';
import { serve } from '@hono/node-server';
import { createApi } from '../server.mjs';

export const SECRET = 'ZXhhbXBsZS1zZWNyZXQtMzItYnl0ZXMtbG9uZy0xMjM=';

/**
 * @param {{ pages?: Record<string, { type: string, body: string }>, now?: () => number }} [options]
 * @returns {Promise<{ base: string, requests: () => number, close: () => Promise<void> }>}
 */
export async function startApi(options = {}) {
  let api;
  let requests = 0;
  const server = serve({
    fetch: (request, env) => {
      requests += 1;
      return api(request, env);
    },
    port: 0,
    hostname: '127.0.0.1',
  });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  api = createApi({ secret: SECRET, publicOrigin: base, ...options });
  return {
    base,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
