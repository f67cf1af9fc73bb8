// Loads Signwire from the working tree's TypeScript sources (the `@signwire/source` export
// condition), bundled once by esbuild exactly as tsup would, so that the numbers are always those of
// the current code and never of a stale dist/. Third-party dependencies are bundled in too; node:
// built-ins and express stay external.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const benchDir = new URL('../', import.meta.url).pathname;
const outfile = `${benchDir}.cache/signwire.mjs`;

const ENTRY = `
export * as core from '@signwire/core';
export { createSigner } from '@signwire/client';
export { createVerifier, nodeHashes } from '@signwire/server';
export { signwire as expressSignwire } from '@signwire/server/express';
`;

/** @returns {Promise<{ core: typeof import('@signwire/core'), createSigner: Function, createVerifier: Function, nodeHashes: object, expressSignwire: Function }>} */
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
    outfile,
    logLevel: 'warning',
  });
  return import(outfile);
}
