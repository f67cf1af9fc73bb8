import { defineProject } from 'vitest/config';

export default defineProject({
  // The example runs against the TypeScript sources of the workspace packages, like the package tests.
  resolve: { conditions: ['@signwire/source'] },
  ssr: { resolve: { conditions: ['@signwire/source'] } },
  test: { name: 'example-nestjs', include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
