// Replay across a fleet: two server processes (Express and node:http adapters) share one real
// redis-server through the Redis nonce store. A nonce accepted by one is refused by the other.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, readLog, startBackend, startRedis, tempDir } from '../helpers/processes.js';
import { exchange } from '../helpers/raw-http.js';
import { signRaw, wire } from '../helpers/signing.js';

const dir = tempDir('redis');
const running: Running[] = [];
let a: Running;
let b: Running;

beforeAll(async () => {
  const redis = await startRedis();
  running.push(redis);
  const redisUrl = `redis://127.0.0.1:${redis.port}`;
  a = await startBackend({ adapter: 'express', name: 'A', log: join(dir, 'a.log'), redisUrl });
  running.push(a);
  b = await startBackend({ adapter: 'node', name: 'B', log: join(dir, 'b.log'), redisUrl });
  running.push(b);
});

afterAll(async () => {
  // Backends first (they hold Redis connections), then redis-server.
  for (const process of running.reverse()) await process.stop();
});

async function send(port: number, bytes: Buffer): Promise<{ status: number; code?: string }> {
  const { responses } = await exchange(port, bytes, { expect: 1 });
  const response = responses[0];
  if (response === undefined) return { status: 0 };
  const code = response.status === 200 ? undefined : (JSON.parse(response.body) as { error: { code: string } }).error.code;
  return { status: response.status, code };
}

describe('replay across two processes sharing Redis', () => {
  it('the second acceptance of a nonce fails on the other process, and on the same one', async () => {
    const request = signRaw('POST', '/orders?id=1', '{"qty":1}', [['Content-Type', 'application/json']]);
    const bytes = wire(request, 'content-length');
    expect(await send(a.port, bytes)).toEqual({ status: 200, code: undefined });
    expect(await send(b.port, bytes)).toEqual({ status: 401, code: 'NONCE_REPLAYED' });
    expect(await send(a.port, bytes)).toEqual({ status: 401, code: 'NONCE_REPLAYED' });
  });

  it('a fresh nonce is accepted by either process', async () => {
    expect((await send(b.port, wire(signRaw('GET', '/fresh/b'), 'content-length'))).status).toBe(200);
    expect((await send(a.port, wire(signRaw('GET', '/fresh/a'), 'content-length'))).status).toBe(200);
  });

  it('racing the same signed request at both processes: exactly one acceptance (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const bytes = wire(signRaw('GET', `/race/${round}`), 'content-length');
      const results = await Promise.all([send(a.port, bytes), send(b.port, bytes), send(a.port, bytes), send(b.port, bytes)]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.code === 'NONCE_REPLAYED')).toHaveLength(3);
    }
  });

  it('the logs agree: every nonce accepted at most once across the fleet', () => {
    const accepted = [...readLog(join(dir, 'a.log')), ...readLog(join(dir, 'b.log'))].filter((e) => e.event === 'accepted');
    const nonces = accepted.map((e) => e.nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(accepted.length).toBe(1 + 2 + 20);
  });
});
