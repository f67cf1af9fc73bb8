/**
 * `signwire inspect`: serves the signature inspector on this machine until Ctrl-C.
 */
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { INSPECT_HELP } from '../help.js';
import { startInspectorServer } from '../inspector/serve.js';
import type { CommandIo } from '../io.js';
import { parseFlags, wholeNumber } from '../parse-flags.js';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

/** The default port, the demo's. */
const DEFAULT_PORT = 8787;

/**
 * Runs `signwire inspect`: prints the page's URL, serves until SIGINT or SIGTERM, then closes.
 *
 * @param args - the arguments after `inspect`.
 * @param io - the process.
 * @param assets - the directory of the built page.
 * @returns 0 once stopped.
 * @throws UsageError for bad flags or a port that cannot be used (exit 2).
 */
export async function runInspect(args: readonly string[], io: CommandIo, assets: URL): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    io.stdout.write(INSPECT_HELP);
    return EXIT.OK;
  }
  if (positionals.length > 0) throw new UsageError(`inspect takes no arguments, got ${positionals.join(' ')}`);
  const port = wholeNumber(values.port, '--port') ?? DEFAULT_PORT;
  if (port > 65535) throw new UsageError('--port must be at most 65535');
  const host = values.host ?? '127.0.0.1';
  const server = await startInspectorServer({ port, host, assets }).catch((error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ` (port ${port} is busy: pass --port 0 for a free one)` : '';
    throw new UsageError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}${hint}`);
  });
  io.stdout.write(`Signwire inspector: ${server.url}\n`);
  io.stderr.write('Demo API under /api/ (demo key demo-client). Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.OK;
}
