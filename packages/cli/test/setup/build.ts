// The commands are tested as real processes running dist/bin.js. Rebuild it when any of its sources is
// newer, so a test never runs stale code; the packages it imports (core, client, server) run from their
// own dist/, which `pnpm build` makes: refuse to run against a dist older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function builtAt(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

export default function setup(): void {
  for (const dependency of ['core', 'client', 'server']) {
    const dir = join(PACKAGES, dependency);
    if (builtAt(join(dir, 'dist/index.js')) < newestMtime(join(dir, 'src'))) {
      throw new Error(`packages/${dependency}/dist is older than its src/: run pnpm build first (the CLI tests run the built packages)`);
    }
  }
  const cli = join(PACKAGES, 'cli');
  const sources = Math.max(
    newestMtime(join(cli, 'src')),
    newestMtime(join(cli, 'inspector')),
    statSync(join(cli, 'tsup.config.ts')).mtimeMs,
  );
  if (Math.min(builtAt(join(cli, 'dist/bin.js')), builtAt(join(cli, 'dist/inspector/inspector.js'))) < sources) {
    execFileSync('pnpm', ['run', 'build'], { cwd: cli, stdio: 'ignore' });
  }
}
