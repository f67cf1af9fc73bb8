// Writes the test entries into the consumer project and bundles them with esbuild (vectors inlined
// as JSON), so every non-Node runtime runs the same suite.mjs with no filesystem access.
//
//   entry-web.mjs   core + client                 → Chromium
//   entry-node.mjs  core + client + server (and server/fetch) → Node (unbundled), Bun, Deno, workerd (nodejs_compat)
// The server package is Node-like only (its default hashes come from node:crypto), so it is left
// out of the browser bundle on purpose; the client is signed and checked in every runtime.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from './config.mjs';

const SUITE = join(REPO, 'scripts/runtimes/suite.mjs');

/**
 * Keeps Node built-ins external and spells them `node:x`. tsup strips the `node:` prefix from the
 * server build (`import … from "crypto"`); Deno's npm loader and wrangler accept the bare name for
 * packages, but a plain bundle would not, so this does what those tools do.
 */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    const bare = new RegExp(`^(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?$`);
    build.onResolve({ filter: bare }, (args) => ({ path: `node:${args.path}`, external: true }));
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * @param {string} consumer - the consumer project (pack.mjs).
 * @param {string[]} packages - the packages installed there.
 * @returns {Promise<{ nodeEntry: string, cliBundle: string, workerBundle: string, browserBundle: string }>}
 */
export async function writeEntriesAndBundle(consumer, packages) {
  const dir = join(REPO, 'test-vectors/vectors');
  // Each file's text is inlined and parsed at run time with the runtime's own JSON.parse, exactly as
  // a file read would be (re-serializing would lose "__proto__" member names).
  const files = readdirSync(dir).filter((n) => n.endsWith('.json'));
  const lines = files.map((f) => `  ${JSON.stringify(f)}: JSON.parse(${JSON.stringify(readFileSync(join(dir, f), 'utf8'))}),`);
  writeFileSync(join(consumer, 'vectors.mjs'), `export default {\n${lines.join('\n')}\n};\n`);

  const entry = (withServer) => {
    const names = packages.filter((p) => withServer || p !== 'server');
    // The Fetch-handler wrapper is its own subpath (@signwire/server/fetch), as users import it.
    const extra = names.includes('server') ? ['serverFetch'] : [];
    return [
      // The vector runner also drives core's internal helpers (issued keys, clock offsets, bytes).
      ...names.map((p) =>
        p === 'core'
          ? `import * as corePublic from '@signwire/core';\nimport * as coreInternal from '@signwire/core/internal';\nconst core = { ...corePublic, ...coreInternal };`
          : `import * as ${p} from '@signwire/${p}';`,
      ),
      ...(extra.length > 0 ? [`import * as serverFetch from '@signwire/server/fetch';`] : []),
      `import vectorFiles from './vectors.mjs';`,
      `import { runSuite } from ${JSON.stringify(SUITE)};`,
      `export const run = () => runSuite({ ${[...names, ...extra, 'vectorFiles'].join(', ')} });`,
      '',
    ].join('\n');
  };
  writeFileSync(join(consumer, 'entry-web.mjs'), entry(false));
  writeFileSync(join(consumer, 'entry-node.mjs'), entry(true));
  // A command-line program: prints one machine-readable line.
  writeFileSync(
    join(consumer, 'cli.mjs'),
    `import { run } from './entry-node.mjs';\nconsole.log('SIGNWIRE_RESULT ' + JSON.stringify(await run()));\n`,
  );
  writeFileSync(
    join(consumer, 'worker.mjs'),
    `import { run } from './entry-node.mjs';\nexport default { async fetch() { return new Response(JSON.stringify(await run())); } };\n`,
  );
  const common = { bundle: true, format: 'esm', target: 'es2022', absWorkingDir: consumer, logLevel: 'error', legalComments: 'none' };
  const out = (name) => join(consumer, 'bundles', name);
  await build({
    ...common,
    entryPoints: [join(consumer, 'cli.mjs')],
    outfile: out('cli.mjs'),
    platform: 'neutral',
    mainFields: ['module', 'main'],
    plugins: [nodeBuiltins],
  });
  await build({
    ...common,
    entryPoints: [join(consumer, 'worker.mjs')],
    outfile: out('worker.mjs'),
    platform: 'neutral',
    mainFields: ['module', 'main'],
    plugins: [nodeBuiltins],
  });
  await build({ ...common, entryPoints: [join(consumer, 'entry-web.mjs')], outfile: out('browser.mjs'), platform: 'browser' });
  return {
    nodeEntry: join(consumer, 'cli.mjs'),
    cliBundle: out('cli.mjs'),
    workerBundle: out('worker.mjs'),
    browserBundle: out('browser.mjs'),
  };
}
