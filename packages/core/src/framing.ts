/**
 * Steps 1–2 of docs/spec.md §9: field sizes and message framing. The header part runs before a body
 * is read (so an oversized or ambiguous request is refused without reading it); the body part once
 * the bytes are in hand.
 */
import { trimOws } from './components.js';
import { MAX_FIELD_LENGTH } from './constants.js';
import { type FieldLines, isFieldNamed } from './headers.js';
import { fail } from './verification-failure.js';
import type { ResolvedPolicy } from './verification-policy.js';

/**
 * Steps 1–2 from headers only: parses the framing fields and returns the declared body length.
 *
 * @param fields - the received field lines.
 * @param policy - the resolved policy.
 * @returns the declared `Content-Length`, or `undefined` when there is none.
 * @throws VerificationError FIELD_TOO_LARGE, FRAMING_AMBIGUOUS or BODY_TOO_LARGE.
 */
export function parseFraming(fields: FieldLines, policy: ResolvedPolicy): number | undefined {
  const { combinedLengths, lengths, encodings } = framingFields(fields);
  for (const [i, name] of SIZED_FIELDS.entries()) {
    if ((combinedLengths[i] as number) > MAX_FIELD_LENGTH) {
      throw fail('FIELD_TOO_LARGE', `the ${name} field is longer than ${MAX_FIELD_LENGTH} characters`);
    }
  }
  if (lengths.length > 0 && encodings.length > 0) {
    throw fail('FRAMING_AMBIGUOUS', 'the request has both Content-Length and Transfer-Encoding');
  }
  if (encodings.length > 0 && (encodings.length > 1 || trimOws(encodings[0] as string).toLowerCase() !== 'chunked')) {
    throw fail('FRAMING_AMBIGUOUS', 'Transfer-Encoding must be exactly "chunked"');
  }
  if (lengths.length === 0) return undefined;
  const declared = lengths.length === 1 ? trimOws(lengths[0] as string) : '';
  if (!/^[0-9]{1,15}$/.test(declared)) throw fail('FRAMING_AMBIGUOUS', 'Content-Length must be one decimal number');
  const length = Number(declared);
  if (length > policy.maxBodyBytes) throw fail('BODY_TOO_LARGE', `the body is larger than ${policy.maxBodyBytes} bytes`);
  return length;
}

/**
 * Step 2 (end) for a body already read: its size and its agreement with `Content-Length`.
 *
 * @param body - the received body bytes.
 * @param declaredLength - the `Content-Length` from {@link parseFraming}, if any.
 * @param policy - the resolved policy.
 * @throws VerificationError BODY_TOO_LARGE or CONTENT_LENGTH_MISMATCH.
 */
export function checkBodyLength(body: Uint8Array, declaredLength: number | undefined, policy: ResolvedPolicy): void {
  if (body.length > policy.maxBodyBytes) throw fail('BODY_TOO_LARGE', `the body is larger than ${policy.maxBodyBytes} bytes`);
  if (declaredLength !== undefined && declaredLength !== body.length) {
    throw fail('CONTENT_LENGTH_MISMATCH', 'Content-Length does not match the body length');
  }
}

/**
 * The fields whose combined value (docs/spec.md §5.2: each line without leading and trailing SP and
 * HTAB, joined with ", ") is limited to {@link MAX_FIELD_LENGTH}.
 */
const SIZED_FIELDS = ['signature-input', 'signature', 'content-digest'] as const;

/** The index of `name` in {@link SIZED_FIELDS}, or -1. */
function sizedFieldIndex(name: string): number {
  for (let i = 0; i < SIZED_FIELDS.length; i++) if (isFieldNamed(name, SIZED_FIELDS[i] as string)) return i;
  return -1;
}

/** What step 2 reads, collected in one pass over the lines. */
function framingFields(fields: FieldLines): { combinedLengths: number[]; lengths: string[]; encodings: string[] } {
  const combinedLengths = [-2, -2, -2]; // each line adds its length and the 2 characters of ", "; the first adds no ", "
  const lengths: string[] = [];
  const encodings: string[] = [];
  for (const [name, value] of fields) {
    const sized = sizedFieldIndex(name);
    if (sized >= 0) combinedLengths[sized] = (combinedLengths[sized] as number) + 2 + trimOws(value).length;
    else if (isFieldNamed(name, 'content-length')) lengths.push(value);
    else if (isFieldNamed(name, 'transfer-encoding')) encodings.push(value);
  }
  return { combinedLengths, lengths, encodings };
}
