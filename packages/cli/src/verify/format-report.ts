/**
 * A verification report as terminal text: the decoded signature, each check with ✓ / ✗, the signature
 * base, the result code, and a hint for the failure.
 */
import type { Palette } from '../io.js';
import type { CheckOutcome, VerificationReport } from './report.js';
import type { SignatureSummary } from './signature-summary.js';

/** What the hints may mention about how the command was called. */
export interface ReportContext {
  /** The origin the request was joined to. */
  readonly origin: string | undefined;
  /** The `--key-id` given, if any. */
  readonly keyId: string | undefined;
}

/**
 * Renders a report.
 *
 * @param report - the report.
 * @param context - how the command was called (for the hints).
 * @param colors - the palette (plain when colour is off).
 * @returns the text, ending in a newline.
 */
export function formatReport(report: VerificationReport, context: ReportContext, colors: Palette): string {
  const lines: string[] = [];
  if (report.signature !== undefined) lines.push(...signatureLines(report.signature, report.now, colors), '');
  lines.push(colors.bold(`Checks (docs/spec.md §9) at now = ${report.now} (${isoDate(report.now)})`));
  for (const check of report.checks) lines.push(checkLine(check, colors));
  if (report.signatureBase !== undefined) {
    lines.push('', colors.bold('Signature base (what the HMAC covers; the server computes the same from this request)'));
    for (const line of report.signatureBase.split('\n')) lines.push(`  ${line}`);
  }
  lines.push('');
  lines.push(
    report.valid
      ? colors.green('Result: valid')
      : colors.red(`Result: ${report.code} (${report.status}) at step ${report.failedStep}: ${report.message}`),
  );
  const hint = report.valid ? undefined : hintFor(report, context);
  if (hint !== undefined) lines.push(colors.yellow(`Hint: ${hint}`));
  return `${lines.join('\n')}\n`;
}

function signatureLines(signature: SignatureSummary, now: number, colors: Palette): string[] {
  const lines = [colors.bold(`Signature ${signature.label}`), `  covered  ${signature.covered.join(' ')}`];
  for (const [name, value] of signature.params) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    const when = (name === 'created' || name === 'expires') && typeof value === 'number' ? `  ${colors.dim(timeNote(value, now))}` : '';
    lines.push(`  ${name.padEnd(8)} ${shown}${when}`);
  }
  return lines;
}

function checkLine(check: CheckOutcome, colors: Palette): string {
  const mark =
    check.status === 'passed'
      ? colors.green('✓')
      : check.status === 'failed'
        ? colors.red('✗')
        : check.status === 'skipped'
          ? colors.yellow('–')
          : colors.dim('·');
  const name = `${String(check.step).padStart(2)} ${check.name}`.padEnd(18);
  const detail =
    check.status === 'failed'
      ? colors.red(`${check.code}: ${check.detail}`)
      : check.status === 'not-run'
        ? colors.dim('not run')
        : colors.dim(check.detail ?? '');
  return `  ${mark} ${name} ${detail}`.trimEnd();
}

function hintFor(report: VerificationReport, context: ReportContext): string | undefined {
  const created = report.signature?.created;
  switch (report.code) {
    case 'SIGNATURE_EXPIRED':
    case 'SIGNATURE_FROM_FUTURE':
      return created === undefined
        ? undefined
        : `the signature was created ${timeNote(created, report.now)}. To check the rest as of when it was signed, pass --now created (or the time the server received it).`;
    case 'SIGNATURE_INVALID':
      return `the base above is what a server with the origin ${context.origin ?? 'of the URL'} computes from this request. Diff it with the base the client signed (docs/troubleshooting.md): the first differing line is the cause. If the bases are identical, the keys differ (the secret, its encoding, or the key the server maps this keyid to).`;
    case 'DIGEST_MISMATCH':
      return 'the body bytes are not the ones that were signed: re-serialized JSON, a proxy that compressed or rewrote the body, or a file that gained a trailing newline.';
    case 'KEY_UNKNOWN':
      return context.keyId === undefined
        ? undefined
        : `the key id ${context.keyId} (--key-id or SIGNWIRE_KEY_ID) is not the signature's keyid; pass the key of keyid ${JSON.stringify(report.signature?.keyId ?? '')}.`;
    case 'SIGNATURE_MISSING':
      return 'a signed request carries Signature-Input and Signature fields with the label sig1 (or --label): a proxy may have dropped them, or the request was never signed.';
    case 'COMPONENT_MISSING':
      return 'the signer did not cover a component the verifier requires (docs/spec.md §6).';
    case 'URL_INVALID':
      return 'the request target must be the raw /path?query as received, without dot segments, spaces or #; check --origin too.';
    default:
      return 'docs/spec.md §10 explains every code; docs/troubleshooting.md the usual causes.';
  }
}

/** `2023-11-14T22:13:20Z, 3 h 2 min before now`. */
function timeNote(seconds: number, now: number): string {
  const delta = now - seconds;
  const relation = delta === 0 ? 'at now' : delta > 0 ? `${duration(delta)} before now` : `${duration(-delta)} after now`;
  return `${isoDate(seconds)}, ${relation}`;
}

function isoDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? 'not a date' : date.toISOString().replace('.000Z', 'Z');
}

/** `42 s`, `5 min 3 s`, `3 h 12 min`, `2 d 4 h`. */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    if (rest >= size || (size === 1 && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
