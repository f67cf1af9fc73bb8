// The shape every runner returns, and how a runtime's printed result line is read back.

/**
 * @typedef {{ runtime: string, version: string, passed: number, failed: number,
 *   failures: { id: string, diffs: string[] }[], packages: string[], error?: string, ms?: number }} RuntimeResult
 */

/** A runtime that could not start or did not report: counts as failed. */
export function startFailure(runtime, version, error) {
  return { runtime, version, passed: 0, failed: 0, failures: [], packages: [], error };
}

/** Reads the `SIGNWIRE_RESULT {json}` line a command-line runtime printed. */
export function parseResultLine(runtime, version, { code, stdout, stderr }) {
  const line = stdout.split('\n').find((l) => l.startsWith('SIGNWIRE_RESULT '));
  if (line === undefined) {
    return startFailure(runtime, version, `exit ${code}, no result line\n${stderr.trim()}\n${stdout.trim()}`.trim().slice(0, 4000));
  }
  return { runtime, version, ...JSON.parse(line.slice('SIGNWIRE_RESULT '.length)) };
}
