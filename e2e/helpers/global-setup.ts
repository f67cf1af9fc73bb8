// Bundles servers/backend.ts from the workspace sources (the `@signwire/source` condition) into
// .build/backend.mjs, so the child processes run the code under test without a prior `pnpm build`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BACKEND_BUNDLE, E2E_DIR } from './processes.js';

export async function setup(): Promise<void> {
  mkdirSync(join(E2E_DIR, '.build'), { recursive: true });
  await build({
    entryPoints: [join(E2E_DIR, 'servers', 'backend.ts')],
    outfile: BACKEND_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@signwire/source'],
    external: ['express', 'ioredis', 'redis'],
    logLevel: 'warning',
  });
}
