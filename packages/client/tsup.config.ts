import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts', 'src/credentials.ts', 'src/responses.ts', 'src/axios.ts', 'src/ky.ts'],
  // The integrations' libraries are the user's (optional peer dependencies), never bundled.
  external: ['axios', 'ky'],
  format: ['esm', 'cjs'],
  // Shared modules exist once in each format, as in ESM.
  splitting: true,
  dts: { compilerOptions: { composite: false, incremental: false, declarationMap: false } },
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  // Maps point at src/, which the package ships; no second copy of every source inside them.
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
  tsconfig: 'tsconfig.build.json',
});
