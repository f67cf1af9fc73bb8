/**
 * The bytes of an `application/x-www-form-urlencoded` name or value as docs/spec.md §5.3 decodes and
 * re-encodes them, over a "byte string" (one character `U+0000`–`U+00FF` per byte): `+` is a space,
 * `%XX` a byte (a `%` without two hex digits stays), and the re-encoded form writes every byte but
 * `A–Z a–z 0–9 * - . _` as upper-case `%XX`.
 */

const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;
/** For each byte: its re-encoded form (itself when unreserved: `A–Z a–z 0–9 * - . _`, else `%XX`). */
const REENCODED: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return /^[A-Za-z0-9*\-._]$/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});
const UNRESERVED = Uint8Array.from(REENCODED, (form) => (form.length === 1 ? 1 : 0));
const NON_ASCII = /[\u0080-\uffff]/;
const encoder = new TextEncoder();

/**
 * The query as a byte string: itself when it is ASCII (always, for a URL as received or as `fetch`
 * sends it), else its UTF-8 bytes.
 *
 * @param text - a query.
 * @returns one character per byte.
 */
export function toByteString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/**
 * Whether a byte is its own re-encoding (`A–Z a–z 0–9 * - . _`).
 *
 * @param byte - 0–255.
 * @returns true for an unreserved byte.
 */
export function isUnreserved(byte: number): boolean {
  return UNRESERVED[byte] === 1;
}

/**
 * The byte of the `%XX` at `i`, or -1 when there is none there (a `%` without two hex digits stays).
 *
 * @param text - a byte string.
 * @param i - an index into it.
 * @returns 0–255, or -1.
 */
export function escapeAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== PERCENT || i + 2 >= text.length) return -1;
  const high = hexValue(text.charCodeAt(i + 1));
  const low = hexValue(text.charCodeAt(i + 2));
  return high === -1 || low === -1 ? -1 : (high << 4) | low;
}

/**
 * Whether the `%XX` at `i` is written as re-encoding writes it: upper-case digits of a reserved byte.
 *
 * @param text - a byte string with a `%XX` at `i`.
 * @param i - the index of its `%`.
 * @param byte - its byte, as {@link escapeAt} gives it.
 * @returns true when re-encoding keeps these three characters.
 */
export function isReencodedEscape(text: string, i: number, byte: number): boolean {
  return !isUnreserved(byte) && text.charCodeAt(i + 1) < 0x61 && text.charCodeAt(i + 2) < 0x61;
}

/**
 * A character outside `%XX` as a byte: `+` is a space.
 *
 * @param code - a byte string's character code.
 * @returns the decoded byte.
 */
export function formByte(code: number): number {
  return code === PLUS ? SPACE : code;
}

/**
 * The re-encoded form of `text[start, end)`, a name or value: its runs of characters that are
 * already re-encoded are copied, everything else is decoded and re-encoded.
 *
 * @param text - a byte string.
 * @param start - the first index of the name or value.
 * @param end - the index after it.
 * @returns the re-encoded name or value.
 */
export function reencode(text: string, start: number, end: number): string {
  let out = '';
  let copied = start; // text[copied, i) is its own re-encoding and not yet in `out`
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isUnreserved(code)) continue;
    const escaped = escapeAt(text, i);
    if (escaped === -1) {
      out += text.slice(copied, i) + REENCODED[formByte(code)];
    } else {
      out += isReencodedEscape(text, i, escaped) ? text.slice(copied, i + 3) : text.slice(copied, i) + REENCODED[escaped];
      i += 2;
    }
    copied = i + 1;
  }
  return copied === start ? text.slice(start, end) : out + text.slice(copied, end);
}

/** The value of a hex digit, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if ((code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)) return (code | 0x20) - 0x57;
  return -1;
}
