/**
 * Command-line parsing over `node:util` `parseArgs` (strict: an unknown flag is an error), with
 * messages that say what to do instead.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './exit-codes.js';
import type { ColorSetting } from './io.js';

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  color: { type: 'string' },
} as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parseArgs configuration of a command with flags `T`. */
type CommandConfig<T extends Options> = {
  args: string[];
  options: typeof COMMON_OPTIONS & T;
  allowPositionals: true;
  strict: true;
  tokens: true;
};

/** What {@link parseFlags} returns for flags `T`. */
export type ParsedFlags<T extends Options> = ReturnType<typeof parseArgs<CommandConfig<T>>>;

/**
 * Parses a command's arguments.
 *
 * @param args - the arguments after the command name.
 * @param options - the command's flags (the common ones are added).
 * @returns parseArgs' values, positionals and tokens (for flags whose relative order matters).
 * @throws UsageError for an unknown flag, a missing value or a value given to a boolean flag.
 */
export function parseFlags<T extends Options>(args: readonly string[], options: T): ParsedFlags<T> {
  try {
    const config: CommandConfig<T> = {
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
      tokens: true,
    };
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(parseErrorMessage(error));
  }
}

function parseErrorMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? 'option';
    if (flag === '--secret') {
      return 'unknown option --secret: a secret on the command line is visible to other users; set SIGNWIRE_SECRET, or pass --secret-file PATH or --secret-env NAME (or, knowingly, --insecure-secret)';
    }
    return `unknown option ${flag}`;
  }
  return message.split('\n')[0] ?? message;
}

/**
 * Reads `--color`.
 *
 * @param value - the flag's value.
 * @returns the setting (`auto` when not given).
 * @throws UsageError for another value.
 */
export function colorSetting(value: string | undefined): ColorSetting {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new UsageError('--color must be auto, always or never');
}

/**
 * A non-negative whole number flag.
 *
 * @param value - the flag's value.
 * @param flag - its name, for the message.
 * @returns the number, or `undefined` when not given.
 * @throws UsageError when it is not a whole number.
 */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value)) throw new UsageError(`${flag} must be a whole number`);
  return Number(value);
}
