import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapters/node': 'src/adapters/node.ts',
    'adapters/express': 'src/adapters/express.ts',
    'adapters/fastify': 'src/adapters/fastify.ts',
    'adapters/hono': 'src/adapters/hono.ts',
    'adapters/fetch': 'src/adapters/fetch.ts',
    'stores/redis': 'src/stores/redis.ts',
  },
  format: ['esm', 'cjs'],
  // Shared modules (the verifier's classes among them) exist once in each format, as in ESM.
  splitting: true,
  dts: { compilerOptions: { composite: false, incremental: false, declarationMap: false } },
  platform: 'node',
  // Keep the node: prefix (tsup strips it by default); Deno and workers resolve built-ins by it.
  removeNodeProtocol: false,
  target: 'es2022',
  sourcemap: true,
  // Maps point at src/, which the package ships; no second copy of every source inside them.
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
  tsconfig: 'tsconfig.build.json',
  external: ['@signwire/core', 'express', 'fastify', 'hono', 'ioredis', 'redis'],
});
