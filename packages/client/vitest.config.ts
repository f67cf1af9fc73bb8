import { defineProject } from 'vitest/config';

export default defineProject({
  // Tests run against the TypeScript sources of the workspace packages, never a stale dist/.
  resolve: { conditions: ['@signwire/source'] },
  ssr: { resolve: { conditions: ['@signwire/source'] } },
  test: {
    name: 'client',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.spec.json' },
  },
});
