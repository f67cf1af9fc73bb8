/**
 * Field lines: the one header representation core works on, and the conversion into it.
 */
import { TOKEN_PATTERN } from './constants.js';
import { atBoundary, SignwireError } from './errors.js';

/** Ordered field lines as `[name, value]` pairs; names keep their original case. */
export type FieldLines = ReadonlyArray<readonly [string, string]>;

/**
 * Headers in any common shape: Fetch `Headers`, `[name, value]` pairs, or a record whose values may
 * be arrays (as Node's `IncomingHttpHeaders`).
 */
export type HeadersInput = Iterable<readonly [string, string]> | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Converts any {@link HeadersInput} into field lines, in order.
 *
 * @param input - the headers.
 * @returns field lines.
 */
export function toFieldLines(input: HeadersInput | undefined): FieldLines {
  return atBoundary('HEADER_INVALID', 'headers', () => readFieldLines(input));
}

function readFieldLines(input: HeadersInput | undefined): FieldLines {
  if (input === undefined) return [];
  if (input === null || typeof input !== 'object')
    throw new SignwireError('HEADER_INVALID', 'headers must be an object or [name, value] pairs');
  const lines: [string, string][] = [];
  if (typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const pair of input as Iterable<readonly [string, string]>) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw new SignwireError('HEADER_INVALID', 'each header must be a [name, value] pair of strings');
      }
      lines.push([pair[0], pair[1]]);
    }
    return lines;
  }
  for (const [name, value] of Object.entries(input as Record<string, string | readonly string[] | undefined>)) {
    if (value === undefined) continue;
    if (typeof value === 'string') lines.push([name, value]);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) for (const item of value) lines.push([name, item]);
    else throw new SignwireError('HEADER_INVALID', `the header ${printable(name)} must be a string or an array of strings`);
  }
  return lines;
}

/**
 * Whether a field line's name is `lowerName`, ignoring case. A name of another length is never
 * lower-cased: received names keep their case (`Content-Type` from a browser), and lower-casing
 * every name in each of a verifier's passes over the lines was a string copy per line and pass.
 *
 * @param name - the name as received.
 * @param lowerName - a lower-case field name.
 * @returns true when they are the same name.
 */
export function isFieldNamed(name: string, lowerName: string): boolean {
  return name.length === lowerName.length && (name === lowerName || name.toLowerCase() === lowerName);
}

/**
 * The values of every line named `name` (case-insensitively), in order.
 *
 * @param lines - field lines.
 * @param name - a lower-case field name.
 * @returns the raw values (possibly empty).
 */
export function fieldValues(lines: FieldLines, name: string): string[] {
  const out: string[] = [];
  for (const [lineName, value] of lines) if (isFieldNamed(lineName, name)) out.push(value);
  return out;
}

/**
 * Throws when a field name is not an RFC 9110 token (e.g. `@method`).
 *
 * @param lines - field lines.
 * @throws SignwireError HEADER_INVALID.
 */
export function assertFieldNames(lines: FieldLines): void {
  for (const [name] of lines) {
    if (!TOKEN_PATTERN.test(name)) {
      throw new SignwireError('HEADER_INVALID', `the field name "${printable(name)}" is not an HTTP token`);
    }
  }
}

/**
 * A short, printable rendering of untrusted text for error messages.
 *
 * @param text - untrusted text.
 * @returns at most 64 characters, with non-printable characters escaped.
 */
export function printable(text: unknown): string {
  if (typeof text !== 'string') return `(${typeof text})`;
  const escaped = text.slice(0, 64).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 64 ? `${escaped}…` : escaped; // the ellipsis is ours: not escaped
}
