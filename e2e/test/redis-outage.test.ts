// Redis failing under load, with the real servers: redis-server killed (SIGKILL) during a bounded
// load of signed requests through four backend processes (Express and node:http; ioredis and
// node-redis, each with the options of docs/replay.md and with the libraries' defaults), then
// started again; and a Redis Cluster of three masters, used by ioredis `Cluster` and node-redis
// `createCluster`, with one master killed mid-load and started again.
//
// What must hold: every request is answered within the store's timeoutMs (a bounded wait, never a
// hang); a refusal is 503 NONCE_STORE_UNAVAILABLE, never a 500; nothing is accepted without its
// nonce recorded (after recovery every accepted request, replayed, is NONCE_REPLAYED: Redis
// persists with `appendfsync always`, so a restart after SIGKILL keeps every write it
// acknowledged); every client recovers by itself; connections and heap stay bounded. The figures
// are printed for docs/replay.md and docs/security.md.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sent, sendOnce, signedLoad, sleep, waitFor } from '../helpers/load.js';
import {
  heapUsed,
  keySlot,
  type RedisCluster,
  type Running,
  readLog,
  redisCli,
  redisCliAsync,
  startBackend,
  startRedis,
  startRedisCluster,
  tempDir,
} from '../helpers/processes.js';
import { signRaw, wire } from '../helpers/signing.js';

/** The Redis store's timeoutMs in the backends. */
const TIMEOUT_MS = 500;
/** How long a request may take, at most: the store's bound plus a second for everything else. */
const ANSWER_BOUND_MS = TIMEOUT_MS + 1000;
/** How long Redis (or a cluster master) stays down: longer than the bound, so a wait for Redis would show. */
const OUTAGE_MS = 2000;
/** The store key of a nonce (backend.ts: prefix `e2e:`, key id `client-1`). */
const storeKey = (nonce: string): string => `e2e:client-1 ${nonce}`;

interface Outage {
  /** performance.now() when the Redis process had exited. */
  readonly killedAt: number;
  /**
   * performance.now() when redis-server was started again (spawned: it serves nothing before; its
   * "ready" line reaches this process later than it serves, so it cannot end the outage).
   */
  readonly restartedAt: number;
}

/** A request as an assertion prints it: who, what came back, when (ms after the outage began), how long. */
const shown = (list: Sent[], outage: Outage) =>
  list.map((s) => ({
    backend: s.backend,
    status: s.status,
    code: s.code,
    at: Math.round(s.startedAt - outage.killedAt),
    ms: Math.round(s.endedAt - s.startedAt),
  }));

const during = (sent: Sent, outage: Outage): boolean => sent.startedAt >= outage.killedAt && sent.endedAt <= outage.restartedAt;

/** Replays every accepted request at the other backend; returns those not refused as NONCE_REPLAYED. */
async function unrecorded(accepted: Sent[], ports: number[]): Promise<{ sent: Sent; status: number; code: string | undefined }[]> {
  const failures: { sent: Sent; status: number; code: string | undefined }[] = [];
  for (let i = 0; i < accepted.length; i += 8) {
    const batch = accepted.slice(i, i + 8);
    const answers = await Promise.all(batch.map((s) => sendOnce(ports[(s.backend + 1) % ports.length] as number, s.bytes)));
    answers.forEach((answer, j) => {
      if (answer.status !== 401 || answer.code !== 'NONCE_REPLAYED') failures.push({ sent: batch[j] as Sent, ...answer });
    });
  }
  return failures;
}

/** Connections on a Redis server other than the redis-cli asking. */
function clientConnections(port: number): number {
  return redisCli(port, 'client', 'list')
    .trim()
    .split('\n')
    .filter((line) => line !== '' && !/ cmd=client\|list /.test(line)).length;
}

/** The first acceptance by `backend` that started after `since`, if any. */
function firstAcceptance(sent: Sent[], backend: number, since: number, also: (s: Sent) => boolean = () => true): Sent | undefined {
  return sent
    .filter((s) => s.backend === backend && s.status === 200 && s.startedAt >= since && also(s))
    .sort((a, b) => a.endedAt - b.endedAt)[0];
}

function figures(name: string, sent: Sent[], outage: Outage, readyMs: number, extra: Record<string, unknown>): void {
  const inOutage = sent.filter((s) => during(s, outage));
  const latencies = sent.map((s) => s.endedAt - s.startedAt).sort((a, b) => a - b);
  console.log(
    `${name}: ${JSON.stringify({
      requests: sent.length,
      accepted: sent.filter((s) => s.status === 200).length,
      refused503: sent.filter((s) => s.status === 503).length,
      duringOutage: inOutage.length,
      acceptedDuringOutage: inOutage.filter((s) => s.status === 200).length,
      outageMs: Math.round(outage.restartedAt - outage.killedAt),
      redisReadyAfterRestartMs: Math.round(readyMs),
      maxLatencyMs: Math.round(latencies.at(-1) ?? 0),
      ...extra,
    })}`,
  );
}

interface OutageRun {
  readonly ports: number[];
  readonly workers: number;
  readonly kill: () => Promise<void>;
  readonly restart: () => Promise<void>;
  /** Runs right after the restart, while the load goes on. */
  readonly afterRestart?: () => Promise<void>;
  /** Whether the run has seen what it waits for after the restart (checked for at most 10 s). */
  readonly recovered: (sent: Sent[], outage: Outage) => boolean;
}

/**
 * A load across `ports`: 700 ms in, `kill`; OUTAGE_MS later, `restart`; then until `recovered`
 * and half a second more of steady load. The load stops whatever happens (no request outlives it).
 */
async function outageUnderLoad(run: OutageRun): Promise<{ sent: Sent[]; outage: Outage; readyMs: number }> {
  const sent: Sent[] = [];
  let stop = false;
  const load = signedLoad({ ports: run.ports, workers: run.workers, pauseMs: 10, done: () => stop, maxRequests: 3000, into: sent });
  try {
    await sleep(700);
    await run.kill();
    const killedAt = performance.now();
    await sleep(OUTAGE_MS);
    const outage = { killedAt, restartedAt: performance.now() };
    await run.restart();
    const readyMs = performance.now() - outage.restartedAt;
    await run.afterRestart?.();
    await waitFor(() => run.recovered(sent, outage), 10_000);
    await sleep(500);
    return { sent, outage, readyMs };
  } finally {
    stop = true;
    await load;
  }
}

const fresh = (target: string): Buffer => wire(signRaw('GET', target), 'content-length');

/** The checks every outage run must pass; returns the recovery time of each backend (ms after restart). */
function expectFailedClosedAndRecovered(
  sent: Sent[],
  outage: Outage,
  backends: number,
  logs: string[],
  dead: (s: Sent) => boolean,
): number[] {
  // Every request answered within the bound; every refusal the typed 503; no untyped error logged.
  expect(
    shown(
      sent.filter((s) => s.status === 0),
      outage,
    ),
  ).toEqual([]);
  expect(
    shown(
      sent.filter((s) => s.endedAt - s.startedAt > ANSWER_BOUND_MS),
      outage,
    ),
  ).toEqual([]);
  expect(
    shown(
      sent.filter((s) => s.status !== 200 && !(s.status === 503 && s.code === 'NONCE_STORE_UNAVAILABLE')),
      outage,
    ),
  ).toEqual([]);
  expect(logs.flatMap((log) => readLog(log)).filter((e) => e.event === 'error')).toEqual([]);
  // The outage was seen, and nothing that needed the dead Redis was accepted meanwhile.
  const hit = sent.filter((s) => during(s, outage) && dead(s));
  expect(hit.length).toBeGreaterThan(10);
  expect(
    shown(
      hit.filter((s) => s.status !== 503),
      outage,
    ),
  ).toEqual([]);
  // Each backend recovered by itself and stayed recovered.
  return Array.from({ length: backends }, (_, b) => {
    const first = firstAcceptance(sent, b, outage.restartedAt, dead);
    expect(first, `backend ${b} accepted again`).toBeDefined();
    const after = sent.filter((s) => s.backend === b && s.startedAt > (first as Sent).endedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(
      shown(
        after.filter((s) => s.status !== 200),
        outage,
      ),
    ).toEqual([]);
    return Math.round((first as Sent).endedAt - outage.restartedAt);
  });
}

describe('redis-server killed under load and started again', () => {
  let dir: string | undefined;
  let data: string | undefined;
  let logs: string[];
  const backends: Running[] = [];
  let redis: Running | undefined;
  let redisPort: number;

  beforeAll(async () => {
    dir = tempDir('redis-outage');
    data = tempDir('redis-outage-data');
    logs = ['a', 'b', 'c', 'd'].map((name) => join(dir as string, `${name}.log`));
    redis = await startRedis({ dir: data });
    redisPort = redis.port;
    const common = { redisUrl: `redis://127.0.0.1:${redisPort}`, redisTimeoutMs: TIMEOUT_MS, nodeArgs: ['--expose-gc'] };
    backends.push(await startBackend({ ...common, adapter: 'express', name: 'ioredis', log: logs[0] as string, redisClient: 'ioredis' }));
    backends.push(
      await startBackend({ ...common, adapter: 'node', name: 'node-redis', log: logs[1] as string, redisClient: 'node-redis' }),
    );
    const defaults = { ...common, redisClientOptions: 'defaults' as const };
    backends.push(
      await startBackend({ ...defaults, adapter: 'node', name: 'ioredis-defaults', log: logs[2] as string, redisClient: 'ioredis' }),
    );
    backends.push(
      await startBackend({
        ...defaults,
        adapter: 'express',
        name: 'node-redis-defaults',
        log: logs[3] as string,
        redisClient: 'node-redis',
      }),
    );
  });

  afterAll(async () => {
    for (const backend of backends) await backend.stop();
    await redis?.stop();
    for (const path of [dir, data]) if (path !== undefined) rmSync(path, { recursive: true, force: true });
  });

  it('refuses with 503 NONCE_STORE_UNAVAILABLE meanwhile, accepts nothing unrecorded, recovers by itself, connections and heap bounded', async () => {
    const ports = backends.map((b) => b.port);
    // Warm up (JIT, connections), then the heap baseline.
    for (let i = 0; i < 40; i++) expect((await sendOnce(ports[i % ports.length] as number, fresh(`/warm/${i}`))).status).toBe(200);
    const heapBefore = await Promise.all(backends.map(heapUsed));

    const { sent, outage, readyMs } = await outageUnderLoad({
      ports,
      workers: 8,
      kill: async () => {
        const server = redis as Running;
        const exited = new Promise<void>((r) => server.child.once('exit', () => r()));
        server.child.kill('SIGKILL');
        await exited;
      },
      restart: async () => {
        redis = await startRedis({ port: redisPort, dir: data as string });
      },
      recovered: (all, o) => ports.every((_, b) => firstAcceptance(all, b, o.restartedAt) !== undefined),
    });

    const recovery = expectFailedClosedAndRecovered(sent, outage, ports.length, logs, () => true);
    // Nothing accepted without its nonce recorded: every acceptance, replayed now, is NONCE_REPLAYED.
    const accepted = sent.filter((s) => s.status === 200);
    expect(accepted.length).toBeGreaterThan(100);
    const notRecorded = await unrecorded(accepted, ports);
    expect(
      shown(
        notRecorded.map((n) => n.sent),
        outage,
      ),
    ).toEqual([]);
    expect(Number(redisCli(redisPort, 'exists', ...accepted.slice(0, 50).map((s) => storeKey(s.nonce))).trim())).toBe(50);
    // Bounded: one connection per backend, and the heap back near its baseline.
    const connections = clientConnections(redisPort);
    expect(connections).toBe(backends.length);
    const heapAfter = await Promise.all(backends.map(heapUsed));
    for (const [i, after] of heapAfter.entries()) expect(after - (heapBefore[i] as number)).toBeLessThan(8 * 1024 * 1024);
    const latency = (b: number): number => Math.round(Math.max(...sent.filter((s) => s.backend === b).map((s) => s.endedAt - s.startedAt)));
    figures('single redis-server', sent, outage, readyMs, {
      acceptedNotRecorded: notRecorded.length,
      backends: ['ioredis', 'node-redis', 'ioredis defaults', 'node-redis defaults'],
      recoveryMs: recovery,
      maxLatencyMsPerBackend: ports.map((_, b) => latency(b)),
      connectionsAfter: connections,
      heapBeforeMB: heapBefore.map((h) => +(h / 2 ** 20).toFixed(1)),
      heapAfterMB: heapAfter.map((h) => +(h / 2 ** 20).toFixed(1)),
    });
  });
});

describe('Redis Cluster of three masters, with ioredis Cluster and node-redis createCluster', () => {
  let dir: string | undefined;
  let logs: string[];
  const backends: Running[] = [];
  let cluster: RedisCluster | undefined;

  beforeAll(async () => {
    dir = tempDir('redis-cluster');
    logs = ['a', 'b'].map((name) => join(dir as string, `${name}.log`));
    // A node is marked failed after 1 s; the masters left keep serving their own slots.
    cluster = await startRedisCluster(3, ['--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no']);
    const common = { redisCluster: cluster.nodes.map((n) => `127.0.0.1:${n.port}`), redisTimeoutMs: TIMEOUT_MS, nodeArgs: ['--expose-gc'] };
    backends.push(
      await startBackend({ ...common, adapter: 'express', name: 'ioredis-cluster', log: logs[0] as string, redisClient: 'ioredis' }),
    );
    backends.push(
      await startBackend({ ...common, adapter: 'node', name: 'node-redis-cluster', log: logs[1] as string, redisClient: 'node-redis' }),
    );
  }, 40_000);

  afterAll(async () => {
    for (const backend of backends) await backend.stop();
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const nodeOf = (nonce: string): number => {
    const slot = keySlot(storeKey(nonce));
    return (cluster as RedisCluster).nodes.findIndex((n) => n.slots.some(([first, last]) => slot >= first && slot <= last));
  };

  it('the test computes the hash slot of a key as Redis does', () => {
    const nodes = (cluster as RedisCluster).nodes;
    for (let i = 0; i < 20; i++) {
      const key = storeKey(signRaw('GET', '/').nonce);
      expect(keySlot(key)).toBe(Number(redisCli(nodes[0]?.port as number, 'cluster', 'keyslot', key).trim()));
    }
    expect(nodes.flatMap((n) => n.slots).reduce((sum, [first, last]) => sum + last - first + 1, 0)).toBe(16384);
  });

  it('both clients record through the cluster, and a replay across the two processes is refused', async () => {
    const ports = backends.map((b) => b.port);
    const owners = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const request = signRaw('GET', `/cluster/${i}`);
      const bytes = wire(request, 'content-length');
      owners.add(nodeOf(request.nonce));
      expect(await sendOnce(ports[i % 2] as number, bytes)).toEqual({ status: 200, code: undefined });
      expect(await sendOnce(ports[(i + 1) % 2] as number, bytes)).toEqual({ status: 401, code: 'NONCE_REPLAYED' });
    }
    // The keys went to every master, each to the one that owns its slot.
    expect(owners).toEqual(new Set([0, 1, 2]));
    for (const node of (cluster as RedisCluster).nodes) expect(Number(redisCli(node.port, 'dbsize').trim())).toBeGreaterThan(0);
  });

  it('a master killed mid-load: its slots refuse with 503, the others keep accepting, nothing accepted unrecorded, recovery by itself', async () => {
    const c = cluster as RedisCluster;
    const ports = backends.map((b) => b.port);
    const heapBefore = await Promise.all(backends.map(heapUsed));
    const victim = 2;
    const onVictim = (s: Sent): boolean => nodeOf(s.nonce) === victim;
    const victimPort = c.nodes[victim]?.port as number;
    const onVictimSlots = (key: string): boolean =>
      c.nodes[victim]?.slots.some(([first, last]) => keySlot(key) >= first && keySlot(key) <= last) === true;
    const probe = Array.from({ length: 1000 }, (_, i) => `e2e-probe:${i}`).find(onVictimSlots) as string;
    let servingAt = Number.NaN;
    const { sent, outage, readyMs } = await outageUnderLoad({
      ports,
      workers: 4,
      kill: () => c.kill(victim),
      restart: () => c.restart(victim),
      // When the restarted master itself serves its slots again (it answers CLUSTERDOWN until the
      // cluster has cleared its failure), to tell the cluster's recovery from the clients'.
      afterRestart: async () => {
        for (const deadline = performance.now() + 10_000; performance.now() < deadline; await sleep(20)) {
          if ((await redisCliAsync(victimPort, 'set', probe, '1', 'PX', '60000')).trim() === 'OK') {
            servingAt = performance.now();
            return;
          }
        }
      },
      recovered: (all, o) => ports.every((_, b) => firstAcceptance(all, b, o.restartedAt, onVictim) !== undefined),
    });

    const recovery = expectFailedClosedAndRecovered(sent, outage, ports.length, logs, onVictim);
    // The other masters' keys kept working during the outage, through both clients.
    const others = sent.filter((s) => during(s, outage) && !onVictim(s));
    for (let b = 0; b < ports.length; b++) expect(others.filter((s) => s.backend === b && s.status === 200).length).toBeGreaterThan(10);
    const accepted = sent.filter((s) => s.status === 200);
    const notRecorded = await unrecorded(accepted, ports);
    expect(
      shown(
        notRecorded.map((n) => n.sent),
        outage,
      ),
    ).toEqual([]);
    await waitFor(() => c.healthy(), 10_000);
    // Bounded: one connection per backend on each master.
    const connections = c.nodes.map((n) => clientConnections(n.port));
    expect(connections).toEqual(c.nodes.map(() => backends.length));
    const heapAfter = await Promise.all(backends.map(heapUsed));
    for (const [i, after] of heapAfter.entries()) expect(after - (heapBefore[i] as number)).toBeLessThan(8 * 1024 * 1024);
    figures('cluster master killed', sent, outage, readyMs, {
      acceptedNotRecorded: notRecorded.length,
      victimRequestsDuringOutage: sent.filter((s) => during(s, outage) && onVictim(s)).length,
      otherRequestsDuringOutage: others.length,
      otherAcceptedDuringOutage: others.filter((s) => s.status === 200).length,
      otherRefusedDuringOutage: others.filter((s) => s.status === 503).length,
      masterServingAfterRestartMs: Math.round(servingAt - outage.restartedAt),
      recoveryMs: { ioredisCluster: recovery[0], nodeRedisCluster: recovery[1] },
      recoveryAfterMasterServingMs: recovery.map((r) => Math.round(outage.restartedAt + r - servingAt)),
      connectionsPerNodeAfter: connections,
      heapBeforeMB: heapBefore.map((h) => +(h / 2 ** 20).toFixed(1)),
      heapAfterMB: heapAfter.map((h) => +(h / 2 ** 20).toFixed(1)),
    });
  });
});
