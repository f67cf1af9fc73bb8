// Runs the tiny CommonJS checks (cjs/<package>.cjs) against the installed tarballs on each Node
// version: `require()` must load each package's CommonJS build (the `require` export condition).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './config.mjs';
import { exec } from './exec.mjs';

/**
 * @param {string} consumer - the consumer project with the tarballs installed.
 * @param {string[]} packages - installed packages.
 * @param {Record<string, string>} nodes - Node binaries by runtime name.
 * @returns {Promise<{ runtime: string, passed: number, failed: number, failures: { id: string, diffs: string[] }[] }[]>}
 */
export async function runCjsChecks(consumer, packages, nodes) {
  for (const p of packages) copyFileSync(join(REPO, 'scripts/runtimes/cjs', `${p}.cjs`), join(consumer, `check-${p}.cjs`));
  return Promise.all(
    Object.entries(nodes).map(async ([runtime, bin]) => {
      const failures = [];
      for (const p of packages) {
        const { code, stdout, stderr } = await exec(bin, [`check-${p}.cjs`], { cwd: consumer });
        if (code !== 0)
          failures.push({ id: `require('@signwire/${p}')`, diffs: [`exit ${code}: ${(stderr || stdout).trim().slice(0, 2000)}`] });
      }
      return { runtime, passed: packages.length - failures.length, failed: failures.length, failures };
    }),
  );
}
