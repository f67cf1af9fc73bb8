import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts', 'src/responses.ts'],
  format: ['esm'],
  dts: { compilerOptions: { composite: false, incremental: false, declarationMap: false } },
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
});
