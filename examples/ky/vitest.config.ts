import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-ky', include: ['test/**/*.test.mjs'], testTimeout: 30_000, hookTimeout: 60_000 },
});
