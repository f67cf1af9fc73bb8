/**
 * `signwire curl`: signs a request with `@signwire/client`'s `createSignedFetch`, sends it, prints the
 * response; `--verify-responses` requires a signed response (`@signwire/client/responses`).
 */
import { createSignedFetch, type FetchLike } from '@signwire/client';
import { verifySignedResponses } from '@signwire/client/responses';
import { isSignwireError, type SignwireError } from '@signwire/core';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { CURL_HELP } from '../help.js';
import { type CommandIo, palette, useColor } from '../io.js';
import { KEY_OPTIONS, resolveKeyId, resolveSecret } from '../key-options.js';
import { colorSetting, parseFlags } from '../parse-flags.js';
import { buildRequest, dataFlags, REQUEST_OPTIONS, signerFlags } from '../request-options.js';
import { createCliSigner, signingRefused } from '../signing.js';
import { Trace } from '../trace.js';

const OPTIONS = {
  ...REQUEST_OPTIONS,
  ...KEY_OPTIONS,
  include: { type: 'boolean', short: 'i' },
  verbose: { type: 'boolean', short: 'v' },
  'verify-responses': { type: 'boolean' },
} as const;

/**
 * Runs `signwire curl`.
 *
 * @param args - the arguments after `curl`.
 * @param io - the process.
 * @returns the exit code: 0 for a 2xx response, 1 for another status, 3 when nothing was received,
 * 4 when `--verify-responses` refuses the response.
 * @throws UsageError for bad flags, a missing key or a request the signer refuses (exit 2).
 */
export async function runCurl(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals, tokens } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    io.stdout.write(CURL_HELP);
    return EXIT.OK;
  }
  const colors = palette(useColor(colorSetting(values.color), io.stderr, io.env));
  const request = await buildRequest(values, dataFlags(tokens), positionals, io);
  const keyId = resolveKeyId(values, io.env, true) as string;
  const key = await resolveSecret(values, io);
  const settings = signerFlags(values);
  const signer = createCliSigner(keyId, key, settings);
  const trace = values.verbose === true ? new Trace(io.stderr, colors, settings.label) : undefined;

  let sent = 0;
  let received: Response | undefined; // a copy, to say what an unverifiable response claimed
  const send: FetchLike = async (signed) => {
    sent++;
    await trace?.request(signed);
    const response = await fetch(signed);
    received = response.clone();
    return response;
  };
  const responses =
    values['verify-responses'] === true
      ? verifySignedResponses({ secret: key, label: settings.label, onClockSample: trace?.clockSample })
      : undefined;
  const signedFetch = createSignedFetch(signer, { fetch: send, responses });

  let response: Response;
  let body: Uint8Array;
  try {
    response = await signedFetch(request.url, {
      method: request.method,
      headers: request.headers.map(([n, v]) => [n, v]),
      body: bodyInit(request.body),
    });
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (sent === 0) throw error instanceof TypeError ? new UsageError(`cannot send this request: ${error.message}`) : signingRefused(error);
    return await notReceived(error, received, io);
  }

  trace?.response(response);
  if (values.include === true) io.stdout.write(statusAndHeaders(response));
  io.stdout.write(body);
  if (response.ok) return EXIT.OK;
  io.stderr.write(`${rejectionLine(response, body)}\n`);
  return EXIT.FAILED;
}

/** A response that never arrived, or that `--verify-responses` refused (with what it claimed, unverified). */
async function notReceived(error: unknown, received: Response | undefined, io: CommandIo): Promise<ExitCode> {
  if (isSignwireError(error)) {
    const refused = error as SignwireError;
    io.stderr.write(`signwire: the response is not validly signed for this request: ${refused.code}: ${refused.message}\n`);
    if (received !== undefined && !received.ok) {
      const claimed = rejectionLine(received, new Uint8Array(await received.arrayBuffer().catch(() => new ArrayBuffer(0))));
      io.stderr.write(`${claimed.replace(/^signwire: /, 'signwire: unverified answer: ')}\n`);
    }
    return EXIT.RESPONSE_UNVERIFIED;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  io.stderr.write(`signwire: no response: ${reason}\n`);
  return EXIT.NETWORK;
}

/** The body for `fetch`: a copy typed as an `ArrayBuffer` view, or `null`. */
function bodyInit(body: Uint8Array | undefined): Uint8Array<ArrayBuffer> | null {
  return body === undefined ? null : new Uint8Array(body);
}

function statusAndHeaders(response: Response): string {
  let text = `HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd();
  response.headers.forEach((value, name) => {
    text += `\r\n${name}: ${value}`;
  });
  return `${text}\r\n\r\n`;
}

/**
 * The one line printed for a response that is not 2xx: the server's Signwire code and message when
 * the body is a Signwire rejection (`{ "error": { "code", "message" } }`), else the status.
 */
function rejectionLine(response: Response, body: Uint8Array): string {
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(new TextDecoder().decode(body)) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  } catch {
    error = undefined;
  }
  const status = `${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
  if (typeof error?.code !== 'string') return `signwire: HTTP ${printable(status)}`;
  const message = typeof error.message === 'string' ? `: ${printable(error.message)}` : '';
  return `signwire: ${response.status} ${printable(error.code)}${message}`;
}

/** Drops control characters (C0, DEL, C1) a server could use to rewrite the terminal. */
function printable(text: string): string {
  let shown = '';
  for (const char of text.slice(0, 500)) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && (code < 0x7f || code > 0x9f)) shown += char;
  }
  return shown;
}
