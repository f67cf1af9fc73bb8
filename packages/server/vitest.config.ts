import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@signwire/source'] },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/redis-server.ts'],
    testTimeout: 20_000,
  },
});
