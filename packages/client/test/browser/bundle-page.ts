// Bundles a browser test page against the *built* packages (as a user's bundler would see them).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const clientDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @param entry - the page script, e.g. `new URL('./page.ts', import.meta.url)`.
 * @param builtFiles - dist files (relative to packages/client) the page needs; missing ones fail the test.
 * @returns the bundled page script.
 */
export async function bundlePage(entry: URL, builtFiles: readonly string[]): Promise<string> {
  for (const built of builtFiles) {
    if (!existsSync(clientDir + built)) throw new Error(`${built} is missing under packages/client: run \`pnpm build\` first`);
  }
  // No "@signwire/source" condition: the page gets the built dist of client and core.
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
