import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The executable: ESM only (a CLI is run, never require()d), for Node.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    removeNodeProtocol: false,
    target: 'node20',
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    clean: ['bin.*'],
    tsconfig: 'tsconfig.build.json',
    external: ['@signwire/core', '@signwire/client', '@signwire/server'],
  },
  {
    // The inspector page: one browser bundle with @signwire/client and core inside, plus its HTML and CSS.
    entry: { inspector: 'inspector/inspector.js' },
    outDir: 'dist/inspector',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    noExternal: [/.*/],
    publicDir: 'inspector/public',
    clean: true,
    tsconfig: 'tsconfig.build.json',
  },
]);
