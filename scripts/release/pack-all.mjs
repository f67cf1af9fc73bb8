#!/usr/bin/env node
// `pnpm pack:all [--out DIR]`: builds every public package and packs it with `pnpm pack` (exactly what
// `pnpm publish` uploads: workspace:* ranges become the real version) into one folder, `tarballs/` by
// default. Prints the tarballs and the npm command that installs them, so the packages can be tried
// before they are published (docs/getting-started.md §1).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec } from '../runtimes/exec.mjs';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The public packages, in dependency order. */
export const PACKAGES = ['core', 'client', 'server', 'cli'];

/**
 * Builds (unless `build` is false) and packs every public package into `outDir`, replacing what was there.
 * @param {{ outDir: string, build?: boolean }} options
 * @returns {Promise<Record<string, string>>} the tarball path of each package, by short name (core, client, …).
 */
export async function packAll({ outDir, build = true }) {
  if (build) await run('pnpm', ['build'], REPO);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tarballs = {};
  for (const name of PACKAGES) {
    const before = new Set(readdirSync(outDir));
    await run('pnpm', ['pack', '--pack-destination', outDir], join(REPO, 'packages', name));
    const made = readdirSync(outDir).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack in packages/${name} made ${made.length} tarballs`);
    tarballs[name] = join(outDir, made[0]);
  }
  return tarballs;
}

async function run(command, args, cwd) {
  const { code, stdout, stderr } = await exec(command, args, { cwd, timeoutMs: 600_000 });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${stderr || stdout}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = resolve(outFlag > 0 ? process.argv[outFlag + 1] : join(REPO, 'tarballs'));
  const tarballs = await packAll({ outDir });
  for (const file of Object.values(tarballs)) console.log(file);
  console.log(
    `\nInstall them in your project (client and server depend on core, the cli on the other three):\n  npm install ${Object.values(tarballs).join(' ')}`,
  );
}
