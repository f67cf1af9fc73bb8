// One helper to run a child process and collect its output (no shell, bounded time).
import { spawn } from 'node:child_process';

/**
 * Runs `command args` and resolves with its exit code and output; never rejects (a spawn error
 * becomes `{ code: -1, stderr: <the error> }`, so the caller can report it verbatim).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string,string>, timeoutMs?: number, input?: string }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function exec(command, args, { cwd, env, timeoutMs = 180_000, input } = {}) {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let child;
    try {
      child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      done({ code: -1, stdout, stderr: String(error) });
      return;
    }
    const timer = setTimeout(() => {
      stderr += `\n[timed out after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    if (input !== undefined) {
      child.stdin.on('error', () => {}); // a child that exits without reading its input is not an error here
      child.stdin.end(input);
    }
  });
}

/** Throws with the command's own output unless it exited 0. */
export async function execOk(command, args, options) {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stderr.trim()}\n${result.stdout.trim()}`.trim());
  }
  return result;
}
