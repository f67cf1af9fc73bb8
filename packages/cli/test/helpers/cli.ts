// Runs `signwire` as a real process (dist/bin.js, built by setup/build.ts) and collects its output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** A key for the tests' server: 32 bytes, base64. */
export const KEY_ID = 'cli-test';
export const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
/** The environment of a configured user. */
export const KEY_ENV = { SIGNWIRE_KEY_ID: KEY_ID, SIGNWIRE_SECRET: SECRET };

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/**
 * Runs the CLI with a clean environment (only PATH and HOME from this process, plus `env`).
 * @param args the arguments after `signwire`
 * @param options `env` to add, `input` for standard input, `cwd`
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string | Uint8Array; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
  });
}
