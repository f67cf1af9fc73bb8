// A client that sends its headers and then trickles the body (one byte every 150 ms) must not hold
// the verifier until Node's requestTimeout (300 s): every adapter answers 408 BODY_TIMEOUT once the
// verifier's bodyTimeoutMs has passed, closes the connection, and leaves no timer behind.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';
import { ADAPTERS, type Running, startServer } from './servers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface TrickleResult {
  /** The response as received (empty when none came). */
  readonly response: string;
  /** Milliseconds from the end of the headers to the first response byte (-1 without one). */
  readonly answeredAfterMs: number;
  /** Whether the server closed the connection before the body was complete. */
  readonly closedByServer: boolean;
  /** Body bytes sent before the answer came. */
  readonly bytesSent: number;
}

/**
 * Sends a signed request's head at once, then its body one byte every `everyMs`, until the server
 * answers or closes, or `giveUpMs` passes.
 */
function trickle(port: number, everyMs: number, giveUpMs: number): Promise<TrickleResult> {
  const { method, url, headers, body } = sign({ body: 'x'.repeat(64), headers: [['content-type', 'text/plain']] });
  const bytes = body ?? new Uint8Array(0);
  const lines = [`${method} ${url.slice(ORIGIN.length)} HTTP/1.1`, 'Host: api.example.com', `Content-Length: ${bytes.length}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let sent = 0;
    let headAt = 0;
    let answeredAt = -1;
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearInterval(drip);
      clearTimeout(cap);
      socket.destroy();
      resolve({
        response: Buffer.concat(chunks).toString('latin1'),
        answeredAfterMs: answeredAt < 0 ? -1 : answeredAt - headAt,
        closedByServer: closedByServer && sent < bytes.length,
        bytesSent: sent,
      });
    };
    const drip = setInterval(() => {
      if (sent < bytes.length && answeredAt < 0) socket.write(bytes.subarray(sent, ++sent));
    }, everyMs);
    const cap = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (chunk: Buffer) => {
      if (answeredAt < 0) answeredAt = Date.now();
      chunks.push(chunk);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, () => {
      headAt = Date.now();
    });
  });
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe.each(ADAPTERS)('%s adapter, a trickled body', (adapter) => {
  async function started(bodyTimeoutMs: number, failures: unknown[] = []): Promise<Running> {
    const verifier = createVerifier({
      keys: { 'client-1': SECRET },
      publicOrigin: ORIGIN,
      now: () => NOW,
      log: false,
      bodyTimeoutMs,
      onFailure: (error) => failures.push(error),
    });
    const server = await startServer(adapter, verifier);
    closers.push(() => server.close());
    return server;
  }

  it('is answered 408 BODY_TIMEOUT after bodyTimeoutMs, and the connection is closed', async () => {
    const failures: unknown[] = [];
    const { port } = await started(400, failures);
    const result = await trickle(port, 150, 4000);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.response.toLowerCase()).toContain('connection: close');
    expect(result.response).toContain('"code":"BODY_TIMEOUT"');
    expect(result.answeredAfterMs).toBeGreaterThanOrEqual(350);
    expect(result.answeredAfterMs).toBeLessThan(2000);
    expect(result.bytesSent).toBeLessThan(64);
    expect(result.closedByServer).toBe(true);
    expect(failures.map((error) => (error as { code?: string }).code)).toEqual(['BODY_TIMEOUT']);
  });

  it('leaves no timer running after the timeout or after a body that arrived in time', async () => {
    const { port } = await started(400);
    const before = activeTimeouts();
    await trickle(port, 150, 4000);
    const fast = await trickle(port, 1, 2000); // 64 bytes in about 64 ms: in time
    expect(fast.response).toMatch(/^HTTP\/1\.1 200 /);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(activeTimeouts()).toBeLessThanOrEqual(before);
  });
});
