// Where things live and which exact runtime versions `pnpm test:runtimes` uses. Runtimes and tools
// come from the npm registry (their packages ship the binaries) and are installed by install.mjs
// into a cache directory outside git, so nothing here touches the workspace lockfile.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Runtimes and tools, installed once (override with SIGNWIRE_RUNTIMES_CACHE). */
export const CACHE = process.env.SIGNWIRE_RUNTIMES_CACHE ?? join(REPO, 'node_modules/.cache/signwire-runtimes');
/** Packed tarballs, the consumer project they are installed into, bundles (rebuilt every run). */
export const WORK = join(CACHE, 'work');
/** The run's results (committed; update-readme.mjs renders README's table from it). */
export const RESULTS_FILE = join(REPO, 'scripts/runtimes/results.json');
export const CHROMIUM = process.env.SIGNWIRE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The packages the runtime matrix tests, in dependency order. Not `@signwire/cli`: it is a Node
 * executable (`bin`, `node:http`, `node:fs`) with no importable entry, so Bun, Deno, workerd and
 * Chromium have nothing of it to run; its own tests run it as a process on Node, and
 * `pnpm release:check` installs its tarball and runs the installed `signwire`.
 */
export const PACKAGES = ['core', 'client', 'server'];

/**
 * npm installs into CACHE/<dir>. One directory per Node major (both are the `node` package);
 * everything else shares `tools`. Pinned so a run is reproducible; bump deliberately.
 */
export const INSTALLS = {
  node22: { node: '22.23.3' },
  node24: { node: '24.21.0' },
  tools: {
    bun: '1.4.5',
    deno: '2.9.6',
    workerd: '1.20261117.1',
    publint: '0.3.25',
    '@arethetypeswrong/cli': '0.18.5',
  },
};

/** Executables, relative to CACHE (undefined: this machine's own Node). */
export const BINARIES = {
  node20: undefined,
  node22: 'node22/node_modules/.bin/node',
  node24: 'node24/node_modules/.bin/node',
  bun: 'tools/node_modules/.bin/bun',
  deno: 'tools/node_modules/.bin/deno',
  workerd: 'tools/node_modules/.bin/workerd',
  publint: 'tools/node_modules/.bin/publint',
  attw: 'tools/node_modules/.bin/attw',
};
