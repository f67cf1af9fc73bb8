// Runs the suite in Cloudflare's workerd: serves the worker bundle on a free local port (with
// nodejs_compat, so @signwire/server's node:crypto works too) and fetches its result.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { exec } from '../exec.mjs';
import { startFailure } from './result.mjs';

const COMPATIBILITY_DATE = '2025-09-01';

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/**
 * @param {{ runtime: string, bin: string, bundle: string }} options
 * @returns {Promise<import('./result.mjs').RuntimeResult>}
 */
export async function runWorkerd({ runtime, bin, bundle }) {
  const probe = await exec(bin, ['--version'], { timeoutMs: 60_000 });
  if (probe.code !== 0) return startFailure(runtime, 'unknown', `${bin} --version: exit ${probe.code}: ${probe.stderr.trim()}`);
  const version = probe.stdout.trim().replace(/^workerd /, '');
  const port = await freePort();
  const config = join(dirname(bundle), 'workerd.capnp');
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "${bundle.split('/').pop()}") ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
);
`,
  );
  const child = spawn(bin, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => {
    log += d;
  });
  child.stderr.on('data', (d) => {
    log += d;
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        const text = await response.text();
        try {
          return { runtime, version, ...JSON.parse(text) };
        } catch {
          return startFailure(runtime, version, `worker answered ${response.status}: ${text.slice(0, 2000)}\n${log.trim()}`);
        }
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return startFailure(runtime, version, `workerd did not serve (${exited ? 'exited' : 'timeout'}): ${log.trim().slice(0, 4000)}`);
  } finally {
    child.kill('SIGTERM');
  }
}
