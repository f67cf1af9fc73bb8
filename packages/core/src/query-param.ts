/**
 * `@query-param` values (RFC 9421 §2.2.8; docs/spec.md §5.3). A query is parsed once, in time linear
 * in its length, for all the names a signature base covers: a forged request may cover 28 of them.
 */
import { SignwireError } from './errors.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const strictUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });
/** For each byte: its re-encoded form (itself when unreserved: `A–Z a–z 0–9 * - . _`, else `%XX`). */
const REENCODED: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return /^[A-Za-z0-9*\-._]$/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** Some parameters of one query, each name and value re-encoded (docs/spec.md §5.3). */
export interface QueryParameters {
  /**
   * The re-encoded value of the one parameter whose re-encoded name is `name`.
   *
   * @param name - the `name` parameter of the identifier (already in re-encoded form).
   * @returns the re-encoded value.
   * @throws SignwireError COMPONENT_INVALID (a parameter of the query, any, is not UTF-8 after
   * decoding), else COMPONENT_UNAVAILABLE (absent) or QUERY_PARAM_AMBIGUOUS (repeated).
   */
  value(name: string): string;
}

/**
 * Parses a query once for the parameters named `names` (docs/spec.md §5.3): splits it on `&` and each
 * piece on its first `=`, decodes `+` and `%XX` (a `%` without two hex digits stays), checks that
 * every decoded name and value of the query is UTF-8, and keeps the pieces whose re-encoded name is
 * one of `names`. One pass over the query and one UTF-8 check: the cost is linear in the query's
 * length, and what is kept is bounded by `names`, however many parameters the query has. A name not
 * given here is looked up with a pass of its own. A query with a parameter that is not UTF-8 answers
 * every lookup with COMPONENT_INVALID, as the spec requires whichever parameter is selected.
 *
 * @param query - the query without `?`.
 * @param names - the re-encoded names that will be looked up (the `name` of each covered `@query-param`).
 * @returns those parameters of the query.
 */
export function parseQueryParameters(query: string, names: Iterable<string>): QueryParameters {
  const wanted = new Set(names);
  const found = new Map<string, readonly [number, number] | null>(); // wanted name → its value's bytes, or null when repeated
  // Decoded in place (decoding never lengthens): each non-empty name and value, then an ASCII
  // separator where its `=` or `&` was. An ASCII byte can neither end nor continue a multi-byte
  // sequence, so the decoded bytes are UTF-8 exactly when each name and value is.
  const bytes = encoder.encode(query);
  let length = 0;
  /** The value of the hex digit at `i`, or -1 (also past the end). */
  const hex = (i: number): number => {
    const code = bytes[i] ?? 0;
    const lower = code | 0x20;
    return code >= 0x30 && code <= 0x39 ? code - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
  };
  /** Decodes `bytes[start, end)`; returns where its decoded bytes start (they end at `length`). */
  const decode = (start: number, end: number): number => {
    const from = length;
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      const escaped = byte === 0x25 ? (hex(i + 1) << 4) | hex(i + 2) : -1; // negative unless both are hex digits
      if (escaped >= 0) i += 2; // two hex digits: never `&` or `=`, so never past the name or value
      bytes[length++] = escaped >= 0 ? escaped : byte === 0x2b ? 0x20 : byte;
    }
    if (length > from) bytes[length++] = 0x26; // past the end of `bytes` when at its end: dropped
    return from;
  };
  /** The re-encoded form of the decoded bytes `[from, to)`. */
  const reencode = (from: number, to: number): string => {
    let out = '';
    for (let i = from; i < to; i++) out += REENCODED[bytes[i] as number];
    return out;
  };
  for (let start = 0, end = 0; start <= bytes.length; start = end + 1) {
    end = bytes.indexOf(0x26, start);
    if (end === -1) end = bytes.length;
    let eq = start;
    while (eq < end && bytes[eq] !== 0x3d) eq++; // within the piece: linear
    const name = reencode(decode(start, eq), length - 1);
    const valueFrom = decode(eq + 1, end);
    if (end > start && wanted.has(name)) found.set(name, found.has(name) ? null : [valueFrom, length - 1]);
  }
  try {
    strictUtf8.decode(bytes.subarray(0, length));
  } catch {
    return NOT_UTF8;
  }
  return {
    value(name) {
      if (!wanted.has(name)) return parseQueryParameters(query, [name]).value(name);
      const value = found.get(name);
      if (value === undefined) throw new SignwireError('COMPONENT_UNAVAILABLE', 'the covered query parameter is not in the query');
      if (value === null) {
        throw new SignwireError('QUERY_PARAM_AMBIGUOUS', 'the covered query parameter occurs more than once; cover @query instead');
      }
      return reencode(...value);
    },
  };
}

/**
 * The re-encoded value of the one query parameter whose re-encoded name is `name` (one pass over the
 * query: to look up several names, parse it once with {@link parseQueryParameters}).
 *
 * @param query - the query without `?`.
 * @param name - the `name` parameter of the identifier (already in re-encoded form).
 * @returns the re-encoded value.
 * @throws SignwireError as {@link QueryParameters.value}.
 */
export function queryParamValue(query: string, name: string): string {
  return parseQueryParameters(query, [name]).value(name);
}

/** The parameters of a query with a name or value that is not UTF-8 after percent-decoding. */
const NOT_UTF8: QueryParameters = {
  value(): string {
    throw new SignwireError('COMPONENT_INVALID', 'a query parameter is not UTF-8 after percent-decoding');
  },
};
