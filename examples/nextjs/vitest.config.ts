import { defineProject } from 'vitest/config';

export default defineProject({
  // `next build` dominates: about 30 s on a 2-core machine. The whole file is bounded at 150 s.
  test: { name: 'example-nextjs', include: ['test/**/*.test.mjs'], testTimeout: 30_000, hookTimeout: 150_000 },
});
