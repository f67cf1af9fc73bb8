// Runs the suite in a command-line runtime: Node (unbundled, resolving the installed tarballs the
// way a user's program does), Bun and Deno (the self-contained bundle).
import { exec } from '../exec.mjs';
import { parseResultLine, startFailure } from './result.mjs';

/**
 * @param {{ runtime: string, bin: string, kind: 'node' | 'bun' | 'deno', program: string, cwd: string }} options
 * @returns {Promise<import('./result.mjs').RuntimeResult>}
 */
export async function runCli({ runtime, bin, kind, program, cwd }) {
  const probe = await exec(bin, ['--version'], { timeoutMs: 60_000 });
  if (probe.code !== 0) return startFailure(runtime, 'unknown', `${bin} --version: exit ${probe.code}: ${probe.stderr.trim()}`);
  // "v22.1.0" (node), "1.2.3" (bun), "deno 2.1.0 (stable, …)" (deno) → the bare version.
  const version = probe.stdout.trim().match(/\d+\.\d+\.\d+\S*/)?.[0] ?? probe.stdout.trim().split('\n')[0];
  const args = {
    node: [program],
    bun: ['run', program],
    // Only the loopback network (Deno.serve and fetch on 127.0.0.1, suite.mjs); no file or env access.
    deno: ['run', '--no-config', '--no-lock', '--no-prompt', '--allow-net=127.0.0.1', program],
  }[kind];
  return parseResultLine(runtime, version, await exec(bin, args, { cwd }));
}
