/**
 * `signwire`: picks the command, and turns usage errors into one line on standard error and exit 2.
 * Each command is imported when it runs, so `--version`, `--help` and `verify` do not load the
 * packages they do not use (the client, the server).
 */
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { MAIN_HELP } from './help.js';
import type { CommandIo } from './io.js';

/** Where `main` finds what ships next to it. */
export interface Installation {
  /** The package version. */
  readonly version: string;
  /** The directory of the built inspector page. */
  readonly inspectorAssets: URL;
}

/**
 * Runs one `signwire` command.
 *
 * @param argv - the arguments after `signwire`.
 * @param io - the process.
 * @param installation - the version and the inspector's files.
 * @returns the exit code.
 */
export async function main(argv: readonly string[], io: CommandIo, installation: Installation): Promise<ExitCode> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'curl':
        return await (await import('./commands/curl.js')).runCurl(args, io);
      case 'sign':
        return await (await import('./commands/sign.js')).runSign(args, io);
      case 'verify':
        return await (await import('./commands/verify.js')).runVerify(args, io);
      case 'inspect':
        return await (await import('./commands/inspect.js')).runInspect(args, io, installation.inspectorAssets);
      case '--version':
      case '-V':
        io.stdout.write(`${installation.version}\n`);
        return EXIT.OK;
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(MAIN_HELP);
        return EXIT.OK;
      case undefined:
        io.stderr.write(MAIN_HELP);
        return EXIT.USAGE;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}: use curl, sign, verify or inspect`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help =
      command === undefined || !['curl', 'sign', 'verify', 'inspect'].includes(command) ? 'signwire --help' : `signwire ${command} --help`;
    io.stderr.write(`signwire: ${error.message}\n(${help} lists the flags)\n`);
    return EXIT.USAGE;
  }
}
