// Starting and stopping the real processes of the end-to-end tests (backends, nginx, redis-server,
// Flask), each on a free loopback port, each with a bounded start-up wait. Nothing daemonizes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  redisUrl?: string;
}

/** Starts the bundled backend (see servers/backend.ts) on a free port. */
export function startBackend(options: BackendOptions): Promise<Running> {
  return startProcess(process.execPath, [BACKEND_BUNDLE], {
    env: {
      ADAPTER: options.adapter,
      LOG: options.log,
      NAME: options.name ?? options.adapter,
      SECRET_B64,
      ORIGIN,
      PORT: '0',
      REDIS_URL: options.redisUrl ?? '',
    },
    ready: (out) => {
      const match = /listening (\d+)/.exec(out);
      return match ? Number(match[1]) : undefined;
    },
  });
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

export async function startRedis(): Promise<Running> {
  const port = await freePort();
  const running = await startProcess(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { ready: (out) => (/Ready to accept connections/.test(out) ? port : undefined) },
  );
  return running;
}

/** The first Python 3 that can import Flask: the system one (/usr/bin/python3, Debian python3-flask) first. */
export function pythonWithFlask(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import flask'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('no python3 with Flask: run scripts/ensure-system-deps.sh (apt-get install -y python3-flask)');
}
