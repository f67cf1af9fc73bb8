// A scratch project outside the repository with the packed tarballs installed by npm, as a user
// installs them: the bundles are made from what the registry would serve, not from the workspace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll } from '../release/pack-all.mjs';
import { exec } from '../runtimes/exec.mjs';

/** The packages a client bundle is made of (the server is packed by packAll, not installed). */
const INSTALLED = ['core', 'client'];

/**
 * Builds and packs every package (packAll), then installs `@signwire/client` and `@signwire/core` from
 * the tarballs with npm into a fresh project under the system temp directory.
 * @param {{ build?: boolean }} [options] - `build: false` packs the dist folders as they are.
 * @returns {Promise<{ dir: string, remove: () => void }>} the project directory, and a function that deletes it.
 */
export async function installPackedClient({ build = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'signwire-size-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const tarballs = await packAll({ outDir: join(root, 'tarballs'), build });
    const dir = join(root, 'app');
    mkdirSync(dir);
    // `overrides` make client's dependency on @signwire/core resolve to the core tarball, never to the registry.
    const deps = Object.fromEntries(INSTALLED.map((name) => [`@signwire/${name}`, `file:${tarballs[name]}`]));
    const manifest = { name: 'signwire-size-app', private: true, type: 'module', dependencies: deps, overrides: deps };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts'];
    const { code, stdout, stderr } = await exec('npm', args, { cwd: dir, timeoutMs: 300_000 });
    if (code !== 0) throw new Error(`npm ${args.join(' ')} (in ${dir}) exited ${code}:\n${stderr || stdout}`);
    return { dir, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
