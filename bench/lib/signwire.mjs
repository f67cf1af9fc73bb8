// Loads Signwire from the working tree's TypeScript sources (the `@signwire/source` export
// condition), bundled once by esbuild as tsup builds dist/: our packages' code is bundled, and every
// third-party dependency (@noble/hashes, structured-headers, canonicalize) stays an import of the
// installed package, so the process holds one copy of each, shared with the baselines that import
// the same package (the noble floor). A private bundled copy of @noble/hashes measured 40-50% slower
// than the installed one in the same process, which made the noble-floor ratios a property of the
// bench rather than of Signwire. node: built-ins and express stay external.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const benchDir = new URL('../', import.meta.url).pathname;
const outfile = `${benchDir}.cache/signwire.mjs`;

const ENTRY = `
import * as corePublic from '@signwire/core';
import * as coreInternal from '@signwire/core/internal';
export const core = { ...corePublic, ...coreInternal };
export { createSigner } from '@signwire/client';
export { createKeyIssuer, createMemoryNonceStore, createVerifier, nodeHashes, readFormData } from '@signwire/server';
export { signwire as expressSignwire } from '@signwire/server/express';
`;

/**
 * Keeps third-party packages out of the bundle: each bare import other than our own `@signwire/*`
 * packages is resolved where it is written (so from the package that depends on it) and imported by
 * its absolute path at run time. Node identifies a module by its real path, so `@noble/hashes` here and
 * in bench/lib/cases.mjs is one module instance.
 */
const installedDependencies = {
  name: 'installed-dependencies',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@signwire/') || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

/** @returns {Promise<{ core: typeof import('@signwire/core') & typeof import('@signwire/core/internal'), createSigner: Function, createKeyIssuer: Function, createVerifier: Function, nodeHashes: object, readFormData: Function, expressSignwire: Function }>} */
export async function loadSignwire() {
  mkdirSync(`${benchDir}.cache`, { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@signwire/source'],
    external: ['node:*', 'express'],
    plugins: [installedDependencies],
    outfile,
    logLevel: 'warning',
  });
  return import(outfile);
}
