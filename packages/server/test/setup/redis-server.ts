// Global setup: start a throw-away redis-server on a free loopback port (no persistence) for the
// Redis store tests, and stop it afterwards. A missing redis-server is not a skip: the Redis tests
// fail with the message provided here (CI installs the Debian package redis-server).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    redisError: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout?.trim() === 'PONG') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not answer PING within 5 s');
}

let child: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  project.provide('redisUrl', '');
  project.provide('redisError', '');
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error !== undefined || found.status !== 0) {
    project.provide(
      'redisError',
      'redis-server is not installed: the Redis nonce store tests need a real Redis. Install it with `apt-get install -y redis-server`.',
    );
    return;
  }
  const port = await freePort();
  child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await waitForPing(port, child);
    project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  } catch (error) {
    project.provide('redisError', `could not start redis-server: ${String(error)}`);
  }
}

export async function teardown(): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
