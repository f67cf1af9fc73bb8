// A bounded load of signed requests, each on its own connection, spread over several backends,
// with the outcome and timing of every request recorded as it arrives.
import { performance } from 'node:perf_hooks';
import { exchange } from './raw-http.js';
import { signRaw, wire } from './signing.js';

export interface Sent {
  /** Which backend (index into the ports given). */
  readonly backend: number;
  /** The request exactly as sent (replayable). */
  readonly bytes: Buffer;
  readonly nonce: string;
  /** performance.now() when it was sent and when its answer (or nothing) was complete. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** 0 when no answer came within the exchange's bound. */
  readonly status: number;
  /** The error code of a rejection. */
  readonly code: string | undefined;
}

/** Sends `bytes` on a fresh connection and reads one response (at most `maxMs`). */
export async function sendOnce(port: number, bytes: Buffer, maxMs = 4000): Promise<{ status: number; code: string | undefined }> {
  const { responses } = await exchange(port, bytes, { expect: 1, maxMs });
  const response = responses[0];
  if (response === undefined) return { status: 0, code: undefined };
  if (response.status === 200) return { status: 200, code: undefined };
  try {
    return { status: response.status, code: (JSON.parse(response.body) as { error?: { code?: string } }).error?.code };
  } catch {
    return { status: response.status, code: undefined };
  }
}

export interface LoadOptions {
  /** Backend ports; request i goes to ports[i % ports.length]. */
  readonly ports: number[];
  /** Requests in flight at once. */
  readonly workers: number;
  /** Each worker's pause between its requests. */
  readonly pauseMs: number;
  /** Stops sending when this returns true (checked before each request). */
  readonly done: () => boolean;
  /** A hard cap on the number of requests. */
  readonly maxRequests: number;
  /** Where each outcome is pushed as it completes (so the caller can watch the run). */
  readonly into: Sent[];
}

/** Runs the load until `done()` or `maxRequests`; resolves when every request has its outcome. */
export async function signedLoad(options: LoadOptions): Promise<Sent[]> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!options.done() && next < options.maxRequests) {
      const index = next++;
      const backend = index % options.ports.length;
      const request = signRaw('POST', `/load/${index}`, `{"n":${index}}`, [['Content-Type', 'application/json']]);
      const bytes = wire(request, 'content-length');
      const startedAt = performance.now();
      const { status, code } = await sendOnce(options.ports[backend] as number, bytes);
      options.into.push({ backend, bytes, nonce: request.nonce, startedAt, endedAt: performance.now(), status, code });
      await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return options.into;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `ready()` holds, checking every 20 ms, for at most `maxMs`; returns whether it held. */
export async function waitFor(ready: () => boolean, maxMs: number): Promise<boolean> {
  const deadline = performance.now() + maxMs;
  while (!ready()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
