// Starting and stopping the real processes of the end-to-end tests (backends, nginx, redis-server
// and Redis Cluster nodes, Flask), each on a free loopback port, each with a bounded start-up wait.
// Nothing daemonizes.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(E2E_DIR, '..');
export const BACKEND_BUNDLE = join(E2E_DIR, '.build', 'backend.mjs');
export const SECRET = randomBytes(32);
export const SECRET_B64 = SECRET.toString('base64');
export const ORIGIN = 'http://api.test';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `signwire-e2e-${prefix}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Running {
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
}

/** Spawns a process and waits (≤ timeoutMs) until `ready(output)` returns a port. */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready: (output: string) => number | undefined; timeoutMs?: number },
): Promise<Running> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const stop = stopper(child);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const port = options.ready(output);
    if (port !== undefined) return { port, child, output: () => output, stop };
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface BackendOptions {
  adapter: 'express' | 'node';
  log: string;
  name?: string;
  /** One Redis server for the replay store. */
  redisUrl?: string;
  /** Or a Redis Cluster: `host:port` of its nodes. */
  redisCluster?: string[];
  /** The client library (default ioredis). */
  redisClient?: 'ioredis' | 'node-redis';
  /** `defaults`: the client library's default options instead of those docs/replay.md gives. */
  redisClientOptions?: 'documented' | 'defaults';
  /** The Redis store's timeoutMs (default: the store's). */
  redisTimeoutMs?: number;
  /** Node options, e.g. `--expose-gc` for {@link heapUsed}. */
  nodeArgs?: string[];
}

/** Starts the bundled backend (see servers/backend.ts) on a free port. */
export function startBackend(options: BackendOptions): Promise<Running> {
  return startProcess(process.execPath, [...(options.nodeArgs ?? []), BACKEND_BUNDLE], {
    env: {
      ADAPTER: options.adapter,
      LOG: options.log,
      NAME: options.name ?? options.adapter,
      SECRET_B64,
      ORIGIN,
      PORT: '0',
      REDIS_URL: options.redisUrl ?? '',
      REDIS_CLUSTER: (options.redisCluster ?? []).join(','),
      REDIS_CLIENT: options.redisClient ?? 'ioredis',
      REDIS_CLIENT_OPTIONS: options.redisClientOptions ?? 'documented',
      REDIS_TIMEOUT_MS: options.redisTimeoutMs === undefined ? '' : String(options.redisTimeoutMs),
    },
    ready: (out) => {
      const match = /listening (\d+)/.exec(out);
      return match ? Number(match[1]) : undefined;
    },
  });
}

/** A backend's heap after a full GC (started with `--expose-gc`), asked over its standard input. */
export async function heapUsed(backend: Running): Promise<number> {
  const before = backend.output().length;
  backend.child.stdin?.write('heap\n');
  const deadline = Date.now() + 5000;
  for (;;) {
    const match = /heap (\d+)/.exec(backend.output().slice(before));
    if (match) return Number(match[1]);
    if (Date.now() > deadline) throw new Error(`no heap answer:\n${backend.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function readLog(file: string): Record<string, unknown>[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface NginxRoute {
  /** Upstream port (the backend). */
  readonly upstream: number;
  /** `proxy_request_buffering` (on: nginx reads the whole body and sends Content-Length). */
  readonly buffering: boolean;
}

/** Writes an nginx config into a temp dir and runs nginx in the foreground; one port per route. */
export async function startNginx(routes: NginxRoute[]): Promise<Running & { ports: number[]; dir: string }> {
  const found = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  if (found.error !== undefined) throw new Error('nginx is not installed: run scripts/ensure-system-deps.sh (apt-get install -y nginx)');
  const dir = tempDir('nginx');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const ports: number[] = [];
  const blocks: string[] = [];
  for (const [i, route] of routes.entries()) {
    const port = await freePort();
    ports.push(port);
    blocks.push(`
  upstream backend${i} { server 127.0.0.1:${route.upstream}; keepalive 4; }
  server {
    listen 127.0.0.1:${port};
    server_name api.test;
    location / {
      proxy_pass http://backend${i};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host api.test;
      proxy_request_buffering ${route.buffering ? 'on' : 'off'};
      proxy_buffering off;
    }
  }`);
  }
  const conf = `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 128; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_timeout 5s;
${blocks.join('\n')}
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const check = spawnSync('nginx', ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', confFile], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const running = await startProcess('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', confFile], {
    ready: () => {
      // Ready when every port accepts connections: probe synchronously via the pid file.
      try {
        readFileSync(join(dir, 'nginx.pid'));
        return ports[0];
      } catch {
        return undefined;
      }
    },
  });
  return { ...running, ports, dir };
}

export interface RedisOptions {
  /** The port (default: a free one); a restart passes the port it had. */
  port?: number;
  /**
   * A directory for an append-only file fsynced before every reply (`appendfsync always`): a
   * restart after SIGKILL has every write Redis acknowledged. Without it nothing is persisted.
   */
  dir?: string;
  /** More `redis-server` arguments. */
  args?: string[];
}

export async function startRedis(options: RedisOptions = {}): Promise<Running> {
  const port = options.port ?? (await freePort());
  const persistence =
    options.dir === undefined ? ['--appendonly', 'no'] : ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always'];
  const running = await startProcess(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no', ...(options.args ?? [])],
    { ready: (out) => (/Ready to accept connections/.test(out) ? port : undefined) },
  );
  return running;
}

/** Runs `redis-cli -p <port> <args>` and returns its output (throws on a failed run). */
export function redisCli(port: number, ...args: string[]): string {
  const run = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** {@link redisCli} without blocking the event loop (for use while a load runs); resolves to its output or error text. */
export function redisCliAsync(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5_000 }, (error, stdout, stderr) => {
      resolve(error === null ? stdout : `${stdout}${stderr}${String(error)}`);
    });
  });
}

export interface RedisClusterNode {
  readonly port: number;
  readonly dir: string;
  /** The running server, replaced by {@link RedisCluster.restart}. */
  server: Running;
  /** The hash slots it serves, as [first, last] ranges. */
  slots: [number, number][];
}

export interface RedisCluster {
  readonly nodes: RedisClusterNode[];
  /** Stops node `index` with SIGKILL (no shutdown: a crash). */
  kill(index: number): Promise<void>;
  /** Starts node `index` again on its port, from its directory (cluster config and data). */
  restart(index: number): Promise<void>;
  /** Whether every node reports `cluster_state:ok` and knows every node as connected. */
  healthy(): boolean;
  /** Stops every node and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `count` cluster masters (no replicas) on free ports, each persisting to its own temp
 * directory with `appendfsync always`, and joins them with `redis-cli --cluster create`. Waits
 * (≤ 15 s) until every node reports the cluster healthy.
 */
export async function startRedisCluster(count: number, extraArgs: string[] = []): Promise<RedisCluster> {
  const nodes: RedisClusterNode[] = [];
  const start = async (port: number, busPort: number, dir: string): Promise<Running> =>
    startRedis({
      port,
      dir,
      args: ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-port', String(busPort), ...extraArgs],
    });
  const busPorts: number[] = [];
  const stopAll = async (): Promise<void> => {
    for (const node of nodes) {
      await node.server.stop();
      rmSync(node.dir, { recursive: true, force: true });
    }
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      let busPort = await freePort();
      while (busPort === port) busPort = await freePort();
      busPorts.push(busPort);
      const dir = tempDir(`redis-cluster-${i}`);
      nodes.push({ port, dir, server: await start(port, busPort, dir), slots: [] });
    }
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
    const cluster: RedisCluster = {
      nodes,
      async kill(index) {
        const node = nodes[index] as RedisClusterNode;
        const exited = new Promise<void>((r) => node.server.child.once('exit', () => r()));
        node.server.child.kill('SIGKILL');
        await exited;
      },
      async restart(index) {
        const node = nodes[index] as RedisClusterNode;
        node.server = await start(node.port, busPorts[index] as number, node.dir);
      },
      healthy() {
        return nodes.every((node) => {
          try {
            const info = redisCli(node.port, 'cluster', 'info');
            const known = redisCli(node.port, 'cluster', 'nodes').trim().split('\n');
            return (
              /cluster_state:ok/.test(info) &&
              known.length === count &&
              known.every((line) => / connected/.test(line) && !/fail/.test(line))
            );
          } catch {
            return false;
          }
        });
      },
      stop: stopAll,
    };
    const deadline = Date.now() + 15_000;
    while (!cluster.healthy()) {
      if (Date.now() > deadline)
        throw new Error(`the Redis cluster did not become healthy:\n${redisCli(nodes[0]?.port ?? 0, 'cluster', 'nodes')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const line of redisCli(nodes[0]?.port ?? 0, 'cluster', 'nodes')
      .trim()
      .split('\n')) {
      const fields = line.split(' ');
      const node = nodes.find((n) => fields[1]?.startsWith(`127.0.0.1:${n.port}@`));
      if (node === undefined) continue;
      node.slots = fields.slice(8).map((range) => {
        const [first, last] = range.split('-').map(Number);
        return [first as number, last ?? (first as number)];
      });
    }
    return cluster;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The Redis Cluster hash slot of a key without a hash tag: CRC16 (XMODEM) mod 16384. */
export function keySlot(key: string): number {
  let crc = 0;
  for (const byte of Buffer.from(key, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/** The first Python 3 that can import Flask: the system one (/usr/bin/python3, Debian python3-flask) first. */
export function pythonWithFlask(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import flask'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('no python3 with Flask: run scripts/ensure-system-deps.sh (apt-get install -y python3-flask)');
}
