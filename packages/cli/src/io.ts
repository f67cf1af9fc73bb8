/**
 * What a command reads and writes: the process streams, the environment and files, behind one small
 * interface so that every command gets them from `main` and nothing reaches for globals.
 */
import { readFile } from 'node:fs/promises';

/** A writable text-and-bytes stream with what the colour decision needs. */
export interface OutputStream {
  /** Writes text (UTF-8) or bytes. */
  write(chunk: string | Uint8Array): unknown;
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean | undefined;
}

/** The process as a command sees it. */
export interface CommandIo {
  /** Where results go (response bodies, signature headers, reports). */
  readonly stdout: OutputStream;
  /** Where diagnostics go (warnings, `-v` traces, the one-line rejection code). */
  readonly stderr: OutputStream;
  /** The environment (`SIGNWIRE_KEY_ID`, `SIGNWIRE_SECRET`, `NO_COLOR`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads all of standard input. */
  readStdin(): Promise<Uint8Array>;
  /** True when standard input is a terminal (nothing piped in). */
  readonly stdinIsTTY: boolean;
  /** Reads a file's bytes. */
  readFile(path: string): Promise<Uint8Array>;
}

/** The `--color` setting. */
export type ColorSetting = 'auto' | 'always' | 'never';

/**
 * Decides whether to colour a stream: `always`/`never` win; `auto` colours a terminal unless
 * `NO_COLOR` is set to a non-empty value (https://no-color.org).
 *
 * @param setting - the `--color` flag.
 * @param stream - the stream to colour.
 * @param env - the environment.
 * @returns whether to write ANSI colour codes.
 */
export function useColor(setting: ColorSetting, stream: OutputStream, env: CommandIo['env']): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

/** Colour functions; identity functions when colour is off. */
export interface Palette {
  /** Success marks. */
  readonly green: (text: string) => string;
  /** Failure marks. */
  readonly red: (text: string) => string;
  /** Warnings and skipped steps. */
  readonly yellow: (text: string) => string;
  /** Secondary information. */
  readonly dim: (text: string) => string;
  /** Headings. */
  readonly bold: (text: string) => string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

/**
 * The colour functions for a stream.
 *
 * @param enabled - the result of {@link useColor}.
 * @returns ANSI colour functions, or identity functions.
 */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const plain = (text: string): string => text;
    return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  }
  return { green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

/**
 * The real process's I/O.
 *
 * @returns the process streams, environment and file system.
 */
export function processIo(): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin: async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
      return new Uint8Array(Buffer.concat(chunks));
    },
    readFile: async (path) => new Uint8Array(await readFile(path)),
  };
}
