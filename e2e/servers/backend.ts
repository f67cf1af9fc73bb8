// The backend the end-to-end tests put behind nginx (or hit directly): a Signwire-verified Node
// server using the Express adapter or the plain `node:http` adapter. Every request it sees ends in
// one JSON line in the log file: `accepted` (what the application was handed) or `rejected` (code).
// The tests judge smuggling and replay from this log alone.
//
// Environment: ADAPTER=express|node, PORT (0 = any), SECRET_B64, LOG (file), ORIGIN (public
// origin), REDIS_URL (optional: share the replay store), NAME (written into every line).
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { createVerifier, type NonceStore, type VerifiedRequest } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import { sendRejection, verifyIncomingMessage } from '@signwire/server/node';
import { createRedisNonceStore } from '@signwire/server/redis';
import express from 'express';
import { Redis } from 'ioredis';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`missing ${name}`);
  return value;
};
const adapter = env('ADAPTER', 'express');
const logFile = env('LOG');
const name = env('NAME', adapter);

function log(entry: Record<string, unknown>): void {
  appendFileSync(logFile, `${JSON.stringify({ server: name, adapter, pid: process.pid, ...entry })}\n`);
}

let nonceStore: NonceStore | undefined;
let redis: Redis | undefined;
if (process.env.REDIS_URL) {
  redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
  nonceStore = createRedisNonceStore({ client: redis, prefix: 'e2e:' });
}

const verifier = createVerifier({
  keys: { 'client-1': { base64: env('SECRET_B64') } },
  publicOrigin: env('ORIGIN', 'http://api.test'),
  nonceStore,
  log: false, // rejections go to the JSON log through onFailure
  onFailure(error, details) {
    log({ event: 'rejected', code: (error as { code?: string }).code, method: details.method, url: details.url });
  },
});

function accepted(method: string, target: string, verified: VerifiedRequest): string {
  const entry = {
    event: 'accepted',
    method,
    target,
    keyId: verified.keyId,
    nonce: verified.nonce,
    bodyLength: verified.body.length,
    bodySha256: createHash('sha256').update(verified.body).digest('hex'),
  };
  log(entry);
  return JSON.stringify({ accepted: true, nonce: verified.nonce, server: name });
}

let server: http.Server;
if (adapter === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.use(signwire(verifier));
  app.use((req, res) => {
    const verified = req.signwire;
    if (verified === undefined) {
      log({ event: 'unverified-reached-handler', method: req.method, target: req.originalUrl });
      res.status(500).end();
      return;
    }
    res.type('application/json').send(accepted(req.method, req.originalUrl, verified));
  });
  server = http.createServer(app);
} else {
  server = http.createServer(async (req, res) => {
    try {
      const verified = await verifyIncomingMessage(verifier, req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(accepted(req.method ?? '', req.url ?? '', verified));
    } catch (error) {
      if (!sendRejection(verifier, res, error)) {
        log({ event: 'error', message: String(error) });
        res.writeHead(500).end();
      }
    }
  });
}
server.on('clientError', (error, socket) => {
  log({ event: 'client-error', code: (error as { code?: string }).code ?? String(error) });
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  else socket.destroy();
});
server.keepAliveTimeout = 5000;
server.listen(Number(env('PORT', '0')), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  void redis?.quit().catch(() => undefined);
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the test run: the parent's stdin closes when it exits.
process.stdin.on('end', stop);
process.stdin.resume();
