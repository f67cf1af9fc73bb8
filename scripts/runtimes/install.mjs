// Installs the pinned runtimes and tools (config.mjs INSTALLS) from the npm registry into the cache
// directory, once: a directory is reinstalled only when its pinned versions change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINARIES, CACHE, INSTALLS } from './config.mjs';
import { exec } from './exec.mjs';

/**
 * Ensures every INSTALLS directory is installed.
 * @returns {Promise<Record<string, string>>} install errors by directory (empty when all installed).
 */
export async function installAll() {
  const errors = {};
  await Promise.all(
    Object.entries(INSTALLS).map(async ([dir, wanted]) => {
      const error = await installDir(join(CACHE, dir), wanted);
      if (error) errors[dir] = error;
    }),
  );
  return errors;
}

async function installDir(dir, wanted) {
  const manifest = JSON.stringify({ private: true, dependencies: wanted }, null, 2);
  const stamp = join(dir, '.signwire-installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifest) return undefined;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), manifest);
  const { code, stdout, stderr } = await exec('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: dir,
    timeoutMs: 600_000,
  });
  if (code !== 0) return `npm install in ${dir} exited ${code}: ${stderr.trim() || stdout.trim()}`;
  writeFileSync(stamp, manifest);
  return undefined;
}

/** The absolute path of a runtime or tool executable (this machine's Node for node20). */
export function binary(name) {
  const relative = BINARIES[name];
  return relative === undefined ? process.execPath : join(CACHE, relative);
}
