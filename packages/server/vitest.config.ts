import { defineProject } from 'vitest/config';

export default defineProject({
  // Tests run against the TypeScript sources of the workspace packages, never a stale dist/.
  resolve: { conditions: ['@signwire/source'] },
  ssr: { resolve: { conditions: ['@signwire/source'] } },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/redis-server.ts'],
    testTimeout: 20_000,
  },
});
