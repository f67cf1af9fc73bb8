/**
 * RFC 8941 §4.1 serialization of the one structured-field shape Signwire writes on every request: an
 * inner list of strings with parameters whose values are integers, strings or `true`. For those values
 * serialization is a plain template (a String escapes `"` and `\`); `structured-headers` stays the
 * implementation for everything else (tokens, byte sequences, decimals, `false`), and a property test
 * checks that both give the same bytes. The template exists because this runs on every signed request
 * and the library's general serializer walks every item's type on each call.
 *
 * Component identifiers are serialized with {@link serializeString} and {@link serializeParameters} and
 * no fallback at all: they only ever hold strings and `true`, so the signer (and the browser bundle) does
 * not carry the library's serializer.
 */
import { type InnerList, serializeInnerList } from 'structured-headers';

const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/; // printable ASCII without " and \
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const KEY = /^[a-z*][a-z0-9_\-.*]*$/;

function plainValue(value: unknown): string | undefined {
  if (typeof value === 'string') return serializeString(value);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= 999_999_999_999_999 ? String(value) : undefined;
  return undefined;
}

/**
 * Serializes an RFC 8941 String (§4.1.6): printable ASCII, with `"` and `\` escaped by `\`.
 *
 * @param value - the string.
 * @returns the serialization, or undefined when the string is not printable ASCII.
 */
export function serializeString(value: string): string | undefined {
  if (PLAIN_STRING.test(value)) return `"${value}"`;
  return PRINTABLE_ASCII.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : undefined;
}

/**
 * Serializes parameters whose values are strings, integers or `true` (RFC 8941 §4.1.1.2).
 *
 * @param params - the parameters in order: a `Parameters` map or `[key, value]` entries.
 * @returns `;key=value…` (empty for none), or undefined when a key or value is outside that subset.
 */
export function serializeParameters(params: Iterable<readonly [string, unknown]>): string | undefined {
  let out = '';
  for (const [key, value] of params) {
    if (!KEY.test(key)) return undefined;
    if (value === true) {
      out += `;${key}`;
      continue;
    }
    const serialized = plainValue(value);
    if (serialized === undefined) return undefined;
    out += `;${key}=${serialized}`;
  }
  return out;
}

/**
 * Serializes an inner list with parameters, e.g. the `@signature-params` value.
 *
 * @param list - the inner list.
 * @returns the RFC 8941 serialization.
 */
export function serializeList(list: InnerList): string {
  const [items, params] = list;
  const parts: string[] = [];
  for (const [value, itemParams] of items) {
    const head = plainValue(value);
    const tail = head === undefined ? undefined : serializeParameters(itemParams);
    if (head === undefined || tail === undefined) return serializeInnerList(list);
    parts.push(head + tail);
  }
  const tail = serializeParameters(params);
  return tail === undefined ? serializeInnerList(list) : `(${parts.join(' ')})${tail}`;
}
