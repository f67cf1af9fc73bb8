/**
 * `@query-param` values (RFC 9421 §2.2.8; docs/spec.md §5.3).
 */
import { SignwireError } from './errors.js';

const encoder = /* @__PURE__ */ new TextEncoder();
/** For each byte: its re-encoded form (itself when unreserved: `A–Z a–z 0–9 * - . _`, else `%XX`). */
const REENCODED: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return /^[A-Za-z0-9*\-._]$/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});
const strictUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/**
 * The re-encoded value of the one query parameter whose re-encoded name is `name`.
 *
 * @param query - the query without `?`.
 * @param name - the `name` parameter of the identifier (already in re-encoded form).
 * @returns the re-encoded value.
 * @throws SignwireError COMPONENT_UNAVAILABLE (absent), QUERY_PARAM_AMBIGUOUS (repeated),
 * COMPONENT_INVALID (any parameter of the query is not UTF-8 after decoding).
 */
export function queryParamValue(query: string, name: string): string {
  const matches: string[] = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq === -1 ? piece : piece.slice(0, eq);
    const rawValue = eq === -1 ? '' : piece.slice(eq + 1);
    const [encodedName, encodedValue] = [reencode(rawName), reencode(rawValue)];
    if (encodedName === name) matches.push(encodedValue);
  }
  if (matches.length === 0) throw new SignwireError('COMPONENT_UNAVAILABLE', 'the covered query parameter is not in the query');
  if (matches.length > 1) {
    throw new SignwireError('QUERY_PARAM_AMBIGUOUS', 'the covered query parameter occurs more than once; cover @query instead');
  }
  return matches[0] as string;
}

function reencode(raw: string): string {
  const bytes = percentDecode(raw.replace(/\+/g, ' '));
  try {
    strictUtf8.decode(bytes);
  } catch (cause) {
    throw new SignwireError('COMPONENT_INVALID', 'a query parameter is not UTF-8 after percent-decoding', { cause });
  }
  let out = '';
  for (const byte of bytes) out += REENCODED[byte];
  return out;
}

function percentDecode(text: string): Uint8Array {
  const input = encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === 0x25 && i + 2 < input.length && isHex(input[i + 1] as number) && isHex(input[i + 2] as number)) {
      out.push(Number.parseInt(String.fromCharCode(input[i + 1] as number, input[i + 2] as number), 16));
      i += 2;
    } else {
      out.push(byte);
    }
  }
  return Uint8Array.from(out);
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
