// Packs the public packages with `pnpm pack` (exactly what `pnpm publish` would upload) and installs
// the tarballs into a fresh consumer project, so every runtime imports them the way a user does.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES, REPO, WORK } from './config.mjs';
import { execOk } from './exec.mjs';

/**
 * @returns {Promise<{ consumer: string, tarballs: Record<string, string>, missing: string[] }>}
 *   `missing` lists packages without a build (packages/<name>/dist), which are not packed.
 */
export async function packAndInstall() {
  const tarballDir = join(WORK, 'tarballs');
  const consumer = join(WORK, 'consumer');
  rmSync(tarballDir, { recursive: true, force: true });
  rmSync(consumer, { recursive: true, force: true });
  mkdirSync(tarballDir, { recursive: true });
  mkdirSync(consumer, { recursive: true });
  const tarballs = {};
  const missing = [];
  for (const name of PACKAGES) {
    const dir = join(REPO, 'packages', name);
    if (!existsSync(join(dir, 'dist'))) {
      missing.push(name);
      continue;
    }
    const before = new Set(readdirSync(tarballDir));
    await execOk('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: dir });
    const made = readdirSync(tarballDir).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.length} tarballs`);
    tarballs[name] = join(tarballDir, made[0]);
  }
  // `overrides` make client's and server's dependency on @signwire/core resolve to our tarball,
  // never to the registry.
  const deps = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [`@signwire/${name}`, `file:${file}`]));
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'signwire-runtime-consumer', private: true, type: 'module', dependencies: deps, overrides: deps }, null, 2),
  );
  await execOk('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: consumer, timeoutMs: 300_000 });
  return { consumer, tarballs, missing };
}
