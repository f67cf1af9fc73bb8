// The backend the end-to-end tests put behind nginx (or hit directly): a Signwire-verified Node
// server using the Express adapter or the plain `node:http` adapter. Every request it sees ends in
// one JSON line in the log file: `accepted` (what the application was handed) or `rejected` (code).
// The tests judge smuggling and replay from this log alone.
//
// Environment: ADAPTER=express|node, PORT (0 = any), SECRET_B64, LOG (file), ORIGIN (public
// origin), NAME (written into every line). The replay store is Redis when REDIS_URL (one server)
// or REDIS_CLUSTER (host:port,… of cluster nodes) is set, through REDIS_CLIENT=ioredis|node-redis
// configured as docs/replay.md says (REDIS_CLIENT_OPTIONS=defaults: the library's defaults
// instead, offline queue included), with REDIS_TIMEOUT_MS as the store's timeoutMs.
//
// Standard input: the line `heap` answers `heap <bytes>` on standard output (heap used after a
// full GC when run with --expose-gc); the end of input stops the server.
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { createVerifier, type NonceStore, type VerifiedRequest } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import { sendRejection, verifyIncomingMessage } from '@signwire/server/node';
import { createRedisNonceStore, type RedisLikeClient } from '@signwire/server/redis';
import express from 'express';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';

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

/** A Redis client or cluster as docs/replay.md configures it, connected, and how to close it. */
async function connectRedis(): Promise<{ client: RedisLikeClient; close(): Promise<void> } | undefined> {
  const url = process.env.REDIS_URL ?? '';
  const cluster = (process.env.REDIS_CLUSTER ?? '').split(',').filter((node) => node !== '');
  if (url === '' && cluster.length === 0) return undefined;
  const onError = (error: Error): void => {
    redisErrors++;
    lastRedisError = error.message;
  };
  const documented = env('REDIS_CLIENT_OPTIONS', 'documented') === 'documented';
  if (env('REDIS_CLIENT', 'ioredis') === 'ioredis') {
    const options = documented ? { maxRetriesPerRequest: 1, connectTimeout: 1000 } : {};
    const offline = documented ? { enableOfflineQueue: false } : {};
    const client =
      cluster.length > 0
        ? new Cluster(
            cluster.map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })),
            { ...offline, redisOptions: options },
          )
        : new Redis(url, { ...options, ...offline });
    client.on('error', onError);
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, close: async () => void (await client.quit()) };
  }
  const defaults = documented
    ? { disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(retries * 50, 500) } }
    : {};
  const client =
    cluster.length > 0
      ? createCluster({ rootNodes: cluster.map((node) => ({ url: `redis://${node}` })), defaults })
      : createClient({ url, ...defaults });
  client.on('error', onError);
  await client.connect();
  return { client, close: async () => void (await client.close()) };
}

let redisErrors = 0;
let lastRedisError = '';
const redis = await connectRedis();
const nonceStore: NonceStore | undefined =
  redis === undefined
    ? undefined
    : createRedisNonceStore({
        client: redis.client,
        prefix: 'e2e:',
        timeoutMs: process.env.REDIS_TIMEOUT_MS ? Number(process.env.REDIS_TIMEOUT_MS) : undefined,
      });

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
  // An error the middleware hands to next(error): logged, so a test can count untyped failures.
  app.use((error: unknown, _req: unknown, res: http.ServerResponse, _next: unknown) => {
    log({ event: 'error', message: String(error) });
    res.writeHead(500).end();
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
  void redis?.close().catch(() => undefined);
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the test run: the parent's stdin closes when it exits.
process.stdin.on('end', stop);
let input = '';
process.stdin.on('data', (chunk: Buffer) => {
  input += chunk.toString();
  for (let end = input.indexOf('\n'); end >= 0; end = input.indexOf('\n')) {
    const command = input.slice(0, end).trim();
    input = input.slice(end + 1);
    if (command === 'heap') {
      (globalThis as { gc?: () => void }).gc?.();
      process.stdout.write(`heap ${process.memoryUsage().heapUsed} redisErrors ${redisErrors} ${JSON.stringify(lastRedisError)}\n`);
    }
  }
});
process.stdin.resume();
