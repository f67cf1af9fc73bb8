import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-demo', include: ['test/**/*.test.mjs'], testTimeout: 60_000, hookTimeout: 60_000 },
});
