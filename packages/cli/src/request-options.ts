/**
 * The request flags `curl` and `sign` share, with curl's meaning: `-X`, `-H`, `-d`, `--data-binary`,
 * `--data-raw`, `--json`, plus what to cover (`--component`), `--expires-in` and `--label`.
 */
import type { ComponentInput } from '@signwire/core';
import { UsageError } from './exit-codes.js';
import type { CommandIo } from './io.js';
import { type DataFlag, dataBody, jsonBody } from './request-body.js';

export { type DataFlag, dataFlags } from './request-body.js';

/** parseArgs declarations of the request flags. */
export const REQUEST_OPTIONS = {
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  'data-binary': { type: 'string', multiple: true },
  'data-raw': { type: 'string', multiple: true },
  json: { type: 'string' },
  component: { type: 'string', multiple: true },
  'expires-in': { type: 'string' },
  label: { type: 'string' },
} as const;

/** The parsed request flags. */
export interface RequestFlags {
  /** `-X`. */
  readonly request?: string | undefined;
  /** `-H`, in order. */
  readonly header?: readonly string[] | undefined;
  /** `--json`. */
  readonly json?: string | undefined;
  /** `--component`, in order. */
  readonly component?: readonly string[] | undefined;
  /** `--expires-in`. */
  readonly 'expires-in'?: string | undefined;
  /** `--label`. */
  readonly label?: string | undefined;
}

/** A request ready to sign: what the user asked for, with curl's defaults filled in. */
export interface RequestToSign {
  /** The method (curl's default: GET, or POST with data). */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** Every header field line to send, in order (the user's and the defaults). */
  readonly headers: readonly (readonly [string, string])[];
  /** The exact body bytes, if any. */
  readonly body: Uint8Array | undefined;
  /** The lines among `headers` that the command added itself (a default `Content-Type`, `Accept`). */
  readonly added: readonly (readonly [string, string])[];
  /** Whether `--json`'s text was re-serialized (it differs from the RFC 8785 bytes sent). */
  readonly jsonRewritten: boolean;
}

/** What the signer is created with, besides the key. */
export interface SignerFlags {
  /** Extra covered components. */
  readonly components: readonly ComponentInput[];
  /** `expires = created + this`, when given. */
  readonly expiresInSeconds: number | undefined;
  /** The signature label. */
  readonly label: string | undefined;
}

/**
 * Builds the request from the flags and the URL.
 *
 * @param flags - the parsed request flags.
 * @param data - the data flags in command-line order.
 * @param positionals - the positional arguments (exactly one URL).
 * @param io - for `@file` and `@-` data.
 * @returns the request.
 * @throws UsageError for a missing or relative URL, a malformed `-H`, unreadable data or invalid `--json`.
 */
export async function buildRequest(
  flags: RequestFlags,
  data: readonly DataFlag[],
  positionals: readonly string[],
  io: CommandIo,
): Promise<RequestToSign> {
  const url = requireUrl(positionals);
  if (flags.json !== undefined && data.length > 0) throw new UsageError('--json cannot be combined with -d, --data-binary or --data-raw');
  const json = flags.json === undefined ? undefined : await jsonBody(flags.json, io);
  const body = json?.bytes ?? (data.length === 0 ? undefined : await dataBody(data, io));
  const defaults: [string, string][] =
    json !== undefined
      ? [
          ['content-type', 'application/json'],
          ['accept', 'application/json'],
        ]
      : body !== undefined
        ? [['content-type', 'application/x-www-form-urlencoded']]
        : [];
  const { lines, removed } = parseHeaders(flags.header ?? []);
  const given = new Set(lines.map(([name]) => name.toLowerCase()));
  const added = defaults.filter(([name]) => !given.has(name) && !removed.has(name));
  return {
    method: flags.request ?? (body === undefined ? 'GET' : 'POST'),
    url,
    headers: [...lines, ...added],
    body,
    added,
    jsonRewritten: json?.rewritten ?? false,
  };
}

/**
 * The signer settings from `--component`, `--expires-in` and `--label`.
 *
 * @param flags - the parsed flags.
 * @returns the settings (checked again by `createSigner`).
 * @throws UsageError for a malformed `--component` or a non-positive `--expires-in`.
 */
export function signerFlags(flags: RequestFlags): SignerFlags {
  const expires = flags['expires-in'];
  if (expires !== undefined && !/^[1-9][0-9]{0,9}$/.test(expires))
    throw new UsageError('--expires-in must be a positive whole number of seconds');
  return {
    components: (flags.component ?? []).map(parseComponent),
    expiresInSeconds: expires === undefined ? undefined : Number(expires),
    label: flags.label,
  };
}

/** `x-request-id`, `@query-param;name=q` or `"@query-param";name="q"`. */
function parseComponent(text: string): ComponentInput {
  const match = /^"?([^";]+)"?(?:;name="?([^"]*)"?)?$/.exec(text.trim());
  if (match === null) throw new UsageError(`--component ${text}: expected a field name or @query-param;name=NAME`);
  const [, name, param] = match as unknown as [string, string, string | undefined];
  return param === undefined ? name : { name, params: { name: param } };
}

function requireUrl(positionals: readonly string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'no URL given' : `one URL expected, got ${positionals.length} arguments`);
  }
  const url = positionals[0] as string;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('the URL must be absolute, starting with http:// or https://');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('the URL must start with http:// or https://');
  return url;
}

/**
 * `-H` values: `Name: value` sends a line; `Name;` sends an empty value; `Name:` with nothing after
 * it sends nothing and removes a default of that name (as curl does).
 */
function parseHeaders(values: readonly string[]): { lines: [string, string][]; removed: Set<string> } {
  const lines: [string, string][] = [];
  const removed = new Set<string>();
  for (const value of values) {
    const empty = /^([^:;\s]+);\s*$/.exec(value);
    if (empty !== null) {
      lines.push([empty[1] as string, '']);
      continue;
    }
    const colon = value.indexOf(':');
    if (colon < 1) throw new UsageError(`-H expects "Name: value", got a value without a colon`);
    const name = value.slice(0, colon).trim();
    const fieldValue = value.slice(colon + 1).trim();
    if (fieldValue === '') removed.add(name.toLowerCase());
    else lines.push([name, fieldValue]);
  }
  return { lines: lines.filter(([name]) => !removed.has(name.toLowerCase())), removed };
}
