/**
 * `signwire sign`: signs a request and prints the header fields to send with it, for any HTTP tool.
 */
import { writeFile } from 'node:fs/promises';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { SIGN_HELP } from '../help.js';
import { type CommandIo, palette, useColor } from '../io.js';
import { KEY_OPTIONS, resolveKeyId, resolveSecret } from '../key-options.js';
import { colorSetting, parseFlags } from '../parse-flags.js';
import { buildRequest, dataFlags, REQUEST_OPTIONS, signerFlags } from '../request-options.js';
import { shellQuote } from '../shell-quote.js';
import { createCliSigner, signingRefused } from '../signing.js';
import { Trace } from '../trace.js';

const OPTIONS = {
  ...REQUEST_OPTIONS,
  ...KEY_OPTIONS,
  format: { type: 'string' },
  'body-out': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

const FORMATS = ['headers', 'curl', 'json'] as const;

/** Field names as printed in the `headers` and `curl` formats. */
const DISPLAY_NAMES: Record<string, string> = {
  'content-type': 'Content-Type',
  accept: 'Accept',
  'content-digest': 'Content-Digest',
  'signature-input': 'Signature-Input',
  signature: 'Signature',
};

/**
 * Runs `signwire sign`.
 *
 * @param args - the arguments after `sign`.
 * @param io - the process.
 * @returns 0.
 * @throws UsageError for bad flags, a missing key or a request the signer refuses (exit 2).
 */
export async function runSign(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals, tokens } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    io.stdout.write(SIGN_HELP);
    return EXIT.OK;
  }
  const format = values.format ?? 'headers';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const colors = palette(useColor(colorSetting(values.color), io.stderr, io.env));
  const request = await buildRequest(values, dataFlags(tokens), positionals, io);
  const keyId = resolveKeyId(values, io.env, true) as string;
  const key = await resolveSecret(values, io);
  const settings = signerFlags(values);
  const signer = createCliSigner(keyId, key, settings);

  const plain = {
    method: request.method,
    url: request.url,
    headers: request.headers.map(([n, v]) => [n, v] as [string, string]),
    body: request.body,
  };
  let signed: ReturnType<typeof signer.signSync>;
  try {
    signed = signer.signSync(plain);
  } catch (error) {
    throw signingRefused(error);
  }
  const fields: [string, string][] = [...request.added.map(([n, v]) => [n, v] as [string, string]), ...Object.entries(signed)];
  if (values.verbose === true) {
    new Trace(io.stderr, colors, settings.label).signature({ ...plain, headers: [...plain.headers, ...Object.entries(signed)] });
  }
  const bodyOut = values['body-out'];
  if (bodyOut !== undefined) {
    try {
      await writeFile(bodyOut, request.body ?? new Uint8Array(0));
    } catch (error) {
      throw new UsageError(`cannot write --body-out ${bodyOut}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (request.jsonRewritten) {
    io.stderr.write(
      'signwire: note: the --json body was signed in its RFC 8785 form, which differs from the text given; send that form (--body-out FILE writes it)\n',
    );
  }
  io.stdout.write(render(fields, format));
  return EXIT.OK;
}

function render(fields: readonly [string, string][], format: string): string {
  if (format === 'json') return `${JSON.stringify(Object.fromEntries(fields), null, 2)}\n`;
  const lines = fields.map(([name, value]) => `${DISPLAY_NAMES[name] ?? name}: ${value}`);
  if (format === 'curl') return `${lines.map((line) => `-H ${shellQuote(line)}`).join(' ')}\n`;
  return `${lines.join('\n')}\n`;
}
