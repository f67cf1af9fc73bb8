// docs/getting-started.md — a Node server (node:http adapter) and a client in one file.
// Type-checked by `pnpm typecheck` (docs/examples/tsconfig.json); run it with any TS runner.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createSignedFetch, createSigner } from '@signwire/client';
import { createVerifier } from '@signwire/server';
import { sendRejection, verifyIncomingMessage } from '@signwire/server/node';

// 1. A shared secret: 32 random bytes, stored base64 (e.g. SIGNWIRE_SECRET in both processes).
const SECRET = process.env.SIGNWIRE_SECRET ?? randomBytes(32).toString('base64');

// 2. The server: one verifier, checked at start-up; every request is verified before any handler.
const verifier = createVerifier({
  keys: { 'client-1': { base64: SECRET } },
  publicOrigin: 'http://localhost:3000', // the origin clients sign (see docs/proxies.md)
});

const server = http.createServer(async (req, res) => {
  try {
    const verified = await verifyIncomingMessage(verifier, req);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ by: verified.keyId, order: verified.json }));
  } catch (error) {
    if (!sendRejection(verifier, res, error)) res.writeHead(500).end();
  }
});
server.listen(3000, 'localhost');

// 3. The client: a signer and a fetch that signs every request.
const signer = createSigner({ keyId: 'client-1', secret: { base64: SECRET } });
const signedFetch = createSignedFetch(signer);

const ok = await signedFetch.json('http://localhost:3000/v1/orders', { item: 'book', qty: 2 });
console.log(ok.status, await ok.json()); // 200 { by: 'client-1', order: { item: 'book', qty: 2 } }

const unsigned = await fetch('http://localhost:3000/v1/orders', { method: 'POST', body: '{}' });
console.log(unsigned.status, await unsigned.json()); // 401 { error: { code: 'SIGNATURE_MISSING', … } }

server.close();
