import { defineProject } from 'vitest/config';

export default defineProject({
  // In-process tests run against the TypeScript sources of the workspace packages; the commands run
  // as real processes from dist/, which test/setup/build.ts rebuilds when src/ is newer.
  resolve: { conditions: ['@signwire/source'] },
  ssr: { resolve: { conditions: ['@signwire/source'] } },
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 20_000,
  },
});
