import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@signwire/source'] },
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    globalSetup: ['helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    reporters: ['verbose'],
  },
});
