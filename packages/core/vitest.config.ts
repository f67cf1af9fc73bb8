import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@signwire/source'] },
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.spec.json' },
  },
});
