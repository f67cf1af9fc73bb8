import { defineConfig, type Options } from 'tsup';

// ESM for bundlers, Deno, browsers and Node; CommonJS for require() in tools that cannot load ESM from
// CommonJS (Jest before Node 24.9, ts-node, tsx in a CommonJS project). `canonicalize` (ESM only, no
// `require` entry) is compiled in, so neither build needs it at run time; its Apache-2.0 notice is kept.
// Two entries: the public surface and `@signwire/core/internal` (for Signwire's own packages). Shared
// modules exist once per format (code splitting in CommonJS too), so both entries throw and check the
// same error classes.
const shared: Options = {
  entry: ['src/index.ts', 'src/internal.ts'],
  splitting: true,
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
  { ...shared, format: ['esm'], clean: true, noExternal: ['canonicalize'] },
  // @noble/hashes 2 is ESM only as well: the CommonJS build carries the two modules it uses.
  { ...shared, format: ['cjs'], noExternal: ['canonicalize', /^@noble\/hashes/] },
]);
