/**
 * The verifier's rejection log: one line per rejection (the `log` option). The line holds the code,
 * status, method, path, key id, message and hint — never a secret, a MAC, body bytes, the query or
 * a signature base. Whether it is on by default depends on `debug` and `NODE_ENV`, read once when
 * the verifier is created.
 */
import { ConfigurationError, type SignwireError } from '@signwire/core';

/** Receives each rejection line (e.g. `console.warn`, or `(line) => logger.warn(line)`). */
export type RejectionLogger = (line: string) => void;

/** The `log` option: `true` / `false` to force it on or off, or where to write the lines. */
export type RejectionLogSetting = boolean | RejectionLogger;

/** What a line is made of. */
export interface RejectionLogEntry {
  /** The method as received. */
  readonly method: string;
  /** The raw request target as received; only its path is logged. */
  readonly requestTarget: string;
  /** The `keyid` of the signature, when verification parsed it. */
  readonly keyId: string | undefined;
  /** A likely cause, when the verifier sees one (see `FailureDetails.hint`). */
  readonly hint: string | undefined;
}

/**
 * Whether this process says it runs in production. Read through `globalThis` because the verifier
 * also runs where `process` does not exist (edge runtimes): there, and where reading the environment
 * is not permitted, the answer is "production" (stay quiet).
 *
 * @returns true unless `process.env.NODE_ENV` can be read and is not `production`.
 */
export function isProduction(): boolean {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    return env === undefined || env.NODE_ENV === 'production';
  } catch {
    return true;
  }
}

/**
 * Resolves the `log` option.
 *
 * @param setting - the option as given.
 * @param debug - the verifier's `debug` option.
 * @param production - whether the process runs in production ({@link isProduction}).
 * @returns where lines go, or `undefined` when logging is off: a function is used as given; `true`,
 * or no setting with `debug` on or outside production, writes with `console.warn`.
 * @throws ConfigurationError CONFIGURATION_INVALID when `setting` is neither a boolean nor a function.
 */
export function resolveRejectionLog(
  setting: RejectionLogSetting | undefined,
  debug: boolean,
  production: boolean = isProduction(),
): RejectionLogger | undefined {
  if (typeof setting === 'function') return setting;
  if (setting !== undefined && typeof setting !== 'boolean') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'log must be true, false or a function taking one line of text');
  }
  const on = setting ?? (debug || !production);
  // console.warn is looked up per line, so a console replaced later (a test, a logging library) is used.
  return on ? (line) => console.warn(line) : undefined;
}

/**
 * Formats one rejection.
 *
 * @example
 * ```text
 * signwire: rejected POST /v1/orders: 401 SIGNATURE_INVALID (keyid "client-1"): the signature does not match
 * ```
 * @param error - the rejection.
 * @param entry - the request facts.
 * @returns one line: control, line-separator and bidi characters escaped, long parts shortened.
 */
export function formatRejection(error: SignwireError, entry: RejectionLogEntry): string {
  const query = entry.requestTarget.indexOf('?');
  const path = query === -1 ? entry.requestTarget : entry.requestTarget.slice(0, query);
  const keyId = entry.keyId === undefined ? '' : ` (keyid "${oneLine(entry.keyId, 128)}")`;
  const hint = entry.hint === undefined ? '' : `; hint: ${oneLine(entry.hint, 600)}`;
  return (
    `signwire: rejected ${oneLine(entry.method, 32)} ${oneLine(path, 200)}: ${error.status} ${error.code}${keyId}: ` +
    `${oneLine(error.message, 400)}${hint}`
  );
}

/**
 * Characters that could break or disguise a log line: C0 and C1 controls, U+200E/U+200F, the line
 * and paragraph separators U+2028/U+2029, and the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). Written as what is kept.
 */
const UNSAFE = /[^\x20-\x7e\u00a0-\u200d\u2010-\u2027\u202f-\u2065\u206a-\uffff]/g;

/** Escapes {@link UNSAFE} characters and caps the length. */
function oneLine(text: string, max: number): string {
  const escaped = text.slice(0, max).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${escaped}...` : escaped;
}
