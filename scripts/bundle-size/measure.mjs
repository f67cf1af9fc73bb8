// The client bundle as users get it, measured one way for `pnpm size` and `pnpm bench`: the packages
// are built and packed, installed by npm into a scratch project outside the repository, and bundled
// from there by esbuild (the figure of record), Vite and webpack with their stock production settings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bytesByDistFile, bytesByPackage, bytesBySourceFile, gzipShareBySourceFile } from './breakdown.mjs';
import { bundleWithEsbuild, bundleWithVite, bundleWithWebpack } from './bundlers.mjs';
import { installPackedClient } from './consumer.mjs';

/** The budget for `createSigner` + `createSignedFetch` bundled by esbuild, gzip bytes. */
export const TARGET_GZIP_BYTES = 8192;

/** The entries measured: what an application imports from `@signwire/client`. */
export const ENTRIES = {
  /** The figure of record: signing plus the signed `fetch`. */
  full: "export { createSigner, createSignedFetch } from '@signwire/client';",
  /** The signer alone. */
  signer: "export { createSigner } from '@signwire/client';",
  /** The signer with pure-JavaScript hashes: the only entry that may carry `@noble/hashes`. */
  noble: "export { createSigner, nobleHashes } from '@signwire/client';",
};

const BUNDLERS = { esbuild: bundleWithEsbuild, vite: bundleWithVite, webpack: bundleWithWebpack };

/** An entry that needs nothing but the error classes: what else its bundle carries could not be tree-shaken. */
const ERRORS_ONLY = "export { isSignwireError } from '@signwire/client';";

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * @typedef {{ min: number, gzip: number, noble: boolean }} BundleFigure
 *   minified bytes, gzip bytes (level 9), and whether any `@noble/hashes` module is in the bundle.
 * @typedef {{ name: string, bytes: number }} Share
 * @typedef {{
 *   figures: Record<string, Record<string, BundleFigure>>,
 *   packages: Share[], distFiles: Share[], sourceFiles: Share[], gzipShares: Share[],
 *   leaks: string[], strays: string[],
 * }} ClientBundleReport
 *   `figures[bundler][entry]`; the breakdowns and leaks are of esbuild's `full` bundle; `strays` are the
 *   source files whose code is in a bundle of `isSignwireError` alone besides errors.ts (top-level code
 *   that a bundler cannot drop from the flat dist file).
 */

/**
 * Packs, installs and bundles the client, and measures every entry with every bundler asked for.
 * @param {{ build?: boolean, bundlers?: (keyof typeof BUNDLERS)[] }} [options] - `build: false` packs the
 *   dist folders as they are; `bundlers` defaults to all three (esbuild is always measured).
 * @returns {Promise<ClientBundleReport>}
 */
export async function measureClientBundle({ build = true, bundlers = Object.keys(BUNDLERS) } = {}) {
  const { dir, remove } = await installPackedClient({ build });
  try {
    for (const [name, contents] of Object.entries(ENTRIES)) writeFileSync(join(dir, `${name}.js`), `${contents}\n`);
    const figures = {};
    let full;
    for (const bundler of new Set(['esbuild', ...bundlers])) {
      figures[bundler] = {};
      for (const name of Object.keys(ENTRIES)) {
        const bundle = await BUNDLERS[bundler](dir, `${name}.js`);
        figures[bundler][name] = {
          min: bundle.code.length,
          gzip: gzipSize(bundle.code),
          noble: bundle.modules.some((id) => id.includes('@noble/hashes')),
        };
        if (bundler === 'esbuild' && name === 'full') full = bundle;
      }
    }
    const distFiles = bytesByDistFile(full.metafile);
    writeFileSync(join(dir, 'errors.js'), `${ERRORS_ONLY}\n`);
    const errorsOnly = await bundleWithEsbuild(dir, 'errors.js');
    return {
      figures,
      packages: bytesByPackage(distFiles),
      distFiles,
      sourceFiles: bytesBySourceFile(full.code, full.sourceMap),
      gzipShares: gzipShareBySourceFile(full.code, full.sourceMap, gzipSize),
      leaks: await findLeaks(dir, 'full.js'),
      strays: bytesBySourceFile(errorsOnly.code, errorsOnly.sourceMap)
        .map(({ name }) => name)
        .filter((name) => name !== '@signwire/core/src/errors.ts' && name !== '(unmapped)'),
    };
  } finally {
    remove();
  }
}

/**
 * Bundles an entry with esbuild as for the figure, with the globals `process` and `Buffer` replaced by
 * markers (a property named `process`, as in a hash's `.process()`, is not the global), and names what
 * a browser does not have: `node:` imports, `Buffer`, `process`.
 * @param {string} dir - the scratch project.
 * @param {string} entry - the entry file.
 * @returns {Promise<string[]>} what leaked in, empty when nothing did.
 */
async function findLeaks(dir, entry) {
  const result = await build({
    entryPoints: [join(dir, entry)],
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    define: { process: 'SIGNWIRE_FORBIDDEN_GLOBAL_process', Buffer: 'SIGNWIRE_FORBIDDEN_GLOBAL_Buffer' },
    // node: imports stay in the output (instead of failing to resolve) so that they can be named.
    external: ['node:*'],
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  return [
    [/["']node:[a-z_/]+["']/, 'a node: import'],
    [/SIGNWIRE_FORBIDDEN_GLOBAL_Buffer|(?<![.\w$])Buffer\s*[.(]/, 'Buffer'],
    [/SIGNWIRE_FORBIDDEN_GLOBAL_process|(?<![.\w$])process\s*\./, 'process'],
  ]
    .filter(([pattern]) => pattern.test(code))
    .map(([, what]) => what);
}
