import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
    // Verifiers log every rejection outside production (NODE_ENV is 'test' here). The tests of that
    // log capture it with their own function or a console.warn spy; the other tests' lines are noise.
    onConsoleLog: (log) => !log.startsWith('signwire: rejected '),
  },
});
