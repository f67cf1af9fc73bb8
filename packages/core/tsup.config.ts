import { defineConfig, type Options } from 'tsup';

// ESM for bundlers, Deno, browsers and Node; CommonJS for require() in tools that cannot load ESM from
// CommonJS (Jest before Node 24.9, ts-node, tsx in a CommonJS project).
const shared: Options = {
  entry: ['src/index.ts'],
  dts: { compilerOptions: { composite: false, incremental: false, declarationMap: false } },
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  // Maps point at src/, which the package ships; no second copy of every source inside them.
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  tsconfig: 'tsconfig.build.json',
};

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  // @noble/hashes 2 is ESM only: the CommonJS build carries the two modules it uses.
  { ...shared, format: ['cjs'], noExternal: [/^@noble\/hashes/] },
]);
