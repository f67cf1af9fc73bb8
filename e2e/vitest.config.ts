import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@signwire/source'] },
  // Root is this directory, so `vitest run --config e2e/vitest.config.ts` works from the repo root.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    globalSetup: ['helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    reporters: ['verbose'],
  },
});
