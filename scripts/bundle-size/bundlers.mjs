// The three bundlers users ship the client with, each with its stock production settings, bundling one
// entry file of the scratch project (consumer.mjs). Every function returns the output code and the
// modules it was made of (to prove what a bundle leaves out). Vite and webpack are loaded when first
// used, so that a caller measuring with esbuild alone (bench/run.mjs) does not load them.
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';

/**
 * esbuild: minified, platform browser, format esm, every dependency bundled, no custom conditions.
 * @param {string} dir - the scratch project.
 * @param {string} entry - the entry file, relative to `dir`.
 * @returns {Promise<{ code: Uint8Array, modules: string[], metafile: import('esbuild').Metafile, sourceMap: string }>}
 *   The source map (kept apart, so the code is exactly what the build writes without one) maps through
 *   the packages' own dist source maps to their `src/` files.
 */
export async function bundleWithEsbuild(dir, entry) {
  const result = await esbuild({
    entryPoints: [join(dir, entry)],
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    outfile: join(dir, 'out', 'esbuild.js'),
    sourcemap: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  // A module esbuild read but tree-shook away entirely is in the metafile with 0 bytes: not in the bundle.
  const modules = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => path),
  );
  return { code: code.contents, modules, metafile: result.metafile, sourceMap: map.text };
}

/**
 * Vite 7 production build (rollup, minified by esbuild, Vite's default browser target) with the entry
 * file as input; its exports are kept as a library's would be (`preserveEntrySignatures: 'strict'`).
 * @param {string} dir - the scratch project.
 * @param {string} entry - the entry file, relative to `dir`.
 * @returns {Promise<{ code: Uint8Array, modules: string[] }>}
 */
export async function bundleWithVite(dir, entry) {
  const { build } = await import('vite');
  const output = await build({
    root: dir,
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      reportCompressedSize: false,
      rollupOptions: { input: join(dir, entry), preserveEntrySignatures: 'strict' },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((file) => file.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`vite made ${chunks.length} chunks for ${entry}, expected one`);
  const [chunk] = chunks;
  const modules = Object.entries(chunk.modules)
    .filter(([, { renderedLength }]) => renderedLength > 0)
    .map(([id]) => id);
  return { code: new TextEncoder().encode(chunk.code), modules };
}

/**
 * webpack 5, production mode (terser), target web, ES module output so the entry's exports are kept.
 * @param {string} dir - the scratch project.
 * @param {string} entry - the entry file, relative to `dir`.
 * @returns {Promise<{ code: Uint8Array, modules: string[] }>}
 */
export async function bundleWithWebpack(dir, entry) {
  const { default: webpack } = await import('webpack');
  const outDir = join(dir, 'out', 'webpack');
  const filename = `${entry.replace(/\.[cm]?js$/, '')}.js`;
  const compiler = webpack({
    mode: 'production',
    context: dir,
    entry: `./${entry}`,
    target: 'web',
    devtool: false,
    performance: { hints: false },
    experiments: { outputModule: true },
    output: { path: outDir, filename, module: true, library: { type: 'module' } },
  });
  const stats = await new Promise((resolve, reject) => {
    compiler.run((error, result) => {
      compiler.close(() => {});
      if (error) reject(error);
      else if (result.hasErrors()) reject(new Error(result.toString({ all: false, errors: true })));
      else resolve(result);
    });
  });
  const { modules = [] } = stats.toJson({ all: false, modules: true, nestedModules: true });
  const names = modules.flatMap((module) => [module.name, ...(module.modules ?? []).map((nested) => nested.name)]);
  const code = compiler.outputFileSystem.readFileSync(join(outDir, filename));
  return { code: new Uint8Array(code), modules: names.filter((name) => typeof name === 'string') };
}
