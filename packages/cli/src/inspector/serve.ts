/**
 * The inspector's local server: the page (built into `dist/inspector/`) and a demo API under `/api/`
 * that verifies with the demo key (`@signwire/server/node`), answering rejections with the server's
 * signature base (`debug`) so the page can diff it.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier } from '@signwire/server';
import { sendRejection, verifyIncomingMessage } from '@signwire/server/node';
import { DEMO_KEY_ID, DEMO_SECRET } from './demo-key.js';

/** The page's files, by request path. */
const ASSETS: Record<string, { readonly file: string; readonly type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/inspector.js': { file: 'inspector.js', type: 'text/javascript; charset=utf-8' },
};

/** The page talks to its own origin only: whatever is pasted into it cannot be sent elsewhere. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A running inspector server. */
export interface InspectorServer {
  /** The page's URL. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the inspector server.
 *
 * @param options - `port` (0 picks a free one), `host` to listen on, and the directory of the built page.
 * @returns the URL and a close function.
 */
export async function startInspectorServer(options: { port: number; host: string; assets: URL }): Promise<InspectorServer> {
  const verifier = createVerifier({
    keys: { [DEMO_KEY_ID]: { base64: DEMO_SECRET } },
    trustHost: true, // the demo API answers whatever local name the page was opened with
    debug: true, // rejections carry the server's signature base for the page's diff; a demo key only
  });
  const server = createServer((req, res) => {
    handle(req, res, verifier, options.assets).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '127.0.0.1' || options.host === '::1' || options.host === 'localhost' ? 'localhost' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, verifier: Verifier, assets: URL): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] as string;
  if (path.startsWith('/api/')) return demoApi(req, res, verifier);
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (asset === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const body = await readFile(new URL(asset.file, assets));
  res.writeHead(200, { 'content-type': asset.type, ...PAGE_HEADERS }).end(req.method === 'HEAD' ? undefined : body);
}

/** The demo API: verifies, then echoes what it verified (as the demo's Express API does). */
async function demoApi(req: IncomingMessage, res: ServerResponse, verifier: Verifier): Promise<void> {
  try {
    const verified = await verifyIncomingMessage(verifier, req);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        ok: true,
        keyId: verified.keyId,
        method: req.method,
        path: req.url,
        covered: verified.covered,
        body: verified.json ?? null,
      }),
    );
  } catch (error) {
    if (!sendRejection(verifier, res, error)) throw error;
  }
}
