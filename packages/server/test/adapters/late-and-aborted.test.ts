// Requests that are already answered or already gone when verification settles: an earlier
// middleware (a timeout) sent a response while the body was read, or the client reset the
// connection before the verifier ran. Both must end in a report to onFailure, never in an unhandled
// rejection (which exits Node) or in a read that never settles.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { signwire } from '../../src/adapters/express.js';
import { sendRejection, verifyIncomingMessage } from '../../src/adapters/node.js';
import { createVerifier, type Verifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function verifierRecording(failures: unknown[]): Verifier {
  return createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, onFailure: (error) => failures.push(error) });
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

function rawClient(port: number): { socket: Socket; received: () => string } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  closers.push(() => socket.destroy());
  return { socket, received: () => Buffer.concat(chunks).toString('latin1') };
}

function signedRaw(extraLines: string[] = []): Buffer {
  const { method, url, headers, body } = sign({ body: '{"sku":"A-1"}' });
  const target = url.slice(ORIGIN.length);
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: api.example.com', `Content-Length: ${body?.length ?? 0}`, ...extraLines];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body ?? new Uint8Array(0)]);
}

/** Runs `body` while recording unhandled rejections instead of letting the test runner fail on them. */
async function recordingUnhandled(body: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (error: unknown): void => {
    unhandled.push(error);
  };
  const previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', record);
  try {
    await body();
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.removeAllListeners('unhandledRejection');
    for (const listener of previous) process.on('unhandledRejection', listener);
  }
  return unhandled;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/** An Express app whose first middleware answers 503 at once and goes on, as a fired timeout leaves it. */
function answeredFirst(verifier: Verifier, reached: string[]): express.Express {
  const app = express();
  app.use((_req, res, next) => {
    res.status(503).end('timeout');
    next();
  });
  app.use(signwire(verifier, { cors: { origins: ['https://app.example.com'] } }));
  app.post('/v1/orders', (req, res) => {
    reached.push(req.signwire?.keyId ?? 'unverified');
    res.end(); // already finished: Node ignores it
  });
  return app;
}

it('Express: a rejection after an earlier middleware answered is reported to onFailure, nothing more is written and nothing is unhandled', async () => {
  const failures: unknown[] = [];
  const reached: string[] = [];
  const port = await listen(answeredFirst(verifierRecording(failures), reached));
  let client: ReturnType<typeof rawClient> | undefined;
  const unhandled = await recordingUnhandled(async () => {
    client = rawClient(port);
    client.socket.write('POST /v1/orders HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nOrigin: https://app.example.com\r\n\r\nab');
    await until(() => failures.length === 1);
  });
  expect(unhandled).toEqual([]);
  expect(failures).toMatchObject([{ code: 'SIGNATURE_MISSING' }]);
  expect(reached).toEqual([]);
  await until(() => client?.received().includes('timeout') === true);
  expect(client?.received()).toMatch(/^HTTP\/1\.1 503 /);
  expect(client?.received()).not.toContain('SIGNATURE_MISSING');
});

it('Express: a verified request after an earlier middleware answered goes on without touching the sent headers (CORS on)', async () => {
  const failures: unknown[] = [];
  const reached: string[] = [];
  const port = await listen(answeredFirst(verifierRecording(failures), reached));
  const unhandled = await recordingUnhandled(async () => {
    // From an allowed origin, so the middleware has CORS headers to add.
    rawClient(port).socket.write(signedRaw(['Origin: https://app.example.com']));
    await until(() => reached.length === 1);
  });
  expect(unhandled).toEqual([]);
  expect({ reached, failures }).toEqual({ reached: ['client-1'], failures: [] });
});

it('Express: a client that resets mid-body is BODY_INCOMPLETE, and the server goes on serving', async () => {
  const failures: unknown[] = [];
  const app = express();
  app.use(signwire(verifierRecording(failures)));
  app.post('/v1/orders', (req, res) => res.json({ by: req.signwire?.keyId }));
  const port = await listen(app);
  const unhandled = await recordingUnhandled(async () => {
    const { socket } = rawClient(port);
    socket.write('POST /v1/orders HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
    await new Promise((resolve) => setTimeout(resolve, 20)); // the head reaches the server
    socket.resetAndDestroy();
    await until(() => failures.length === 1);
  });
  expect(unhandled).toEqual([]);
  expect(failures).toMatchObject([{ code: 'BODY_INCOMPLETE', status: 400 }]);
  const next = rawClient(port);
  next.socket.write(signedRaw());
  await until(() => next.received().includes('client-1'));
  expect(next.received()).toMatch(/^HTTP\/1\.1 200 /);
});

it('Node: verifying a request whose client already reset settles with BODY_INCOMPLETE instead of hanging', async () => {
  const failures: unknown[] = [];
  const verifier = verifierRecording(failures);
  let outcome: Promise<unknown> | undefined;
  const port = await listen((req) => {
    // The application awaits something (a session lookup) and verifies after the client is gone.
    req.once('close', () => {
      outcome = verifyIncomingMessage(verifier, req).catch((error: unknown) => error);
    });
  });
  const { socket } = rawClient(port);
  socket.write('POST /v1/orders HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.resetAndDestroy();
  await until(() => outcome !== undefined);
  expect(await outcome).toMatchObject({ code: 'BODY_INCOMPLETE', status: 400 });
  expect(failures).toMatchObject([{ code: 'BODY_INCOMPLETE' }]);
});

it('Node: sendRejection on a response already sent writes nothing, does not throw, and counts the rejection as answered', async () => {
  const failures: unknown[] = [];
  const verifier = verifierRecording(failures);
  const results: unknown[] = [];
  const port = await listen((req, res) => {
    res.writeHead(503).end('timeout');
    verifyIncomingMessage(verifier, req).then(
      () => results.push('verified'),
      (error: unknown) => results.push(sendRejection(verifier, res, error)),
    );
  });
  const client = rawClient(port);
  client.socket.write('POST /v1/orders HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab');
  await until(() => results.length === 1);
  expect(results).toEqual([true]);
  expect(failures).toMatchObject([{ code: 'SIGNATURE_MISSING' }]);
  await until(() => client.received().includes('timeout'));
  expect(client.received()).not.toContain('SIGNATURE_MISSING');
});
