/**
 * `signwire verify`: reads a received request and reports each verifier check (docs/spec.md §9).
 */
import { isSignwireError } from '@signwire/core';
import { toFieldLines } from '@signwire/core/internal';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { VERIFY_HELP } from '../help.js';
import { type CommandIo, palette, useColor } from '../io.js';
import { KEY_OPTIONS, resolveKeyId, resolveSecret } from '../key-options.js';
import { colorSetting, parseFlags, wholeNumber } from '../parse-flags.js';
import { formatReport } from '../verify/format-report.js';
import {
  parseOrigin,
  type ReceivedRequestText,
  RequestFormatError,
  readReceivedRequest,
  toSignableRequest,
} from '../verify/received-request.js';
import { createVerificationReport, type VerificationReport } from '../verify/report.js';
import { summarizeSignature } from '../verify/signature-summary.js';
import { ClockFormatError, parseVerifierClock } from '../verify/verifier-clock.js';

const OPTIONS = {
  ...KEY_OPTIONS,
  origin: { type: 'string' },
  now: { type: 'string' },
  'max-age': { type: 'string' },
  'clock-skew': { type: 'string' },
  label: { type: 'string' },
  format: { type: 'string' },
} as const;

/**
 * Runs `signwire verify`.
 *
 * @param args - the arguments after `verify`.
 * @param io - the process.
 * @returns 0 when the request verifies, 1 when it does not.
 * @throws UsageError for bad flags, a missing key, or input that is not a request (exit 2).
 */
export async function runVerify(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    io.stdout.write(VERIFY_HELP);
    return EXIT.OK;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const received = readRequest(await readInput(positionals, io));
  const origin = originFor(values.origin, received);
  const key = await resolveSecret(values, io);
  const keyId = resolveKeyId(values, io.env, false);
  const request = toSignableRequest(received, origin);
  const policy = {
    maxAgeSeconds: wholeNumber(values['max-age'], '--max-age'),
    clockSkewSeconds: wholeNumber(values['clock-skew'], '--clock-skew'),
    label: values.label,
  };
  const now = clock(values.now, () => {
    const summary = summarizeSignature(toFieldLines(request.headers), policy.label ?? 'sig1');
    return typeof summary === 'string' ? undefined : summary.created;
  });
  let report: VerificationReport;
  try {
    report = createVerificationReport({
      request,
      now,
      lookupKey: (id) => (keyId === undefined || id === keyId ? { key } : undefined),
      policy,
    });
  } catch (error) {
    if (isSignwireError(error)) throw new UsageError(`${error.message} (${error.code})`);
    throw error;
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ...report, notes: received.notes }, null, 2)}\n`);
  } else {
    const colors = palette(useColor(colorSetting(values.color), io.stdout, io.env));
    const notes = received.notes.map((note) => colors.yellow(`Note: ${note}`));
    io.stdout.write(notes.length === 0 ? '' : `${notes.join('\n')}\n\n`);
    io.stdout.write(formatReport(report, { origin, keyId }, colors));
  }
  return report.valid ? EXIT.OK : EXIT.FAILED;
}

async function readInput(positionals: readonly string[], io: CommandIo): Promise<Uint8Array> {
  if (positionals.length > 1) throw new UsageError(`one FILE expected, got ${positionals.length}`);
  const file = positionals[0];
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdinIsTTY)
      throw new UsageError('give a FILE, or pipe a request into standard input (signwire verify - < request.http)');
    return io.readStdin();
  }
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function readRequest(input: Uint8Array): ReceivedRequestText {
  try {
    return readReceivedRequest(input);
  } catch (error) {
    if (error instanceof RequestFormatError) throw new UsageError(`not a request: ${error.message}`);
    throw error;
  }
}

function originFor(flag: string | undefined, received: ReceivedRequestText): string | undefined {
  if (flag !== undefined) {
    try {
      return parseOrigin(flag);
    } catch (error) {
      if (error instanceof RequestFormatError) throw new UsageError(`--origin: ${error.message}`);
      throw error;
    }
  }
  if (received.target === undefined) return undefined;
  const host = received.headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  const example = host === undefined ? 'https://api.example.com' : `https://${host}`;
  throw new UsageError(
    `--origin is required for a raw HTTP request: the public origin the server verifies with, e.g. --origin ${example} (a verifier never trusts Host)`,
  );
}

/** `--now`, as a usage error when it cannot be read. */
function clock(value: string | undefined, created: () => number | undefined): number {
  try {
    return parseVerifierClock(value, created);
  } catch (error) {
    if (error instanceof ClockFormatError) throw new UsageError(`--now: ${error.message}`);
    throw error;
  }
}
