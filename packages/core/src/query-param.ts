/**
 * `@query-param` values (RFC 9421 §2.2.8; docs/spec.md §5.3). A query is parsed once into its
 * parameters, in time linear in its length, so that a signature base covering many `@query-param`
 * costs one pass over the query, not one per component (a forged request may cover 28 of them).
 */
import { SignwireError } from './errors.js';
import { escapeAt, formByte, isReencodedEscape, isUnreserved, reencode, toByteString } from './form-encoding.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PERCENT = 0x25;

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
 * one of `names`. One pass over the query and one UTF-8 check of its decoded bytes: the cost is linear
 * in the length of the query, and the memory kept is bounded by `names`, however many parameters the
 * query has. A name not given here is looked up with a pass of its own. It never throws: a query with
 * a parameter that is not UTF-8 answers every lookup with COMPONENT_INVALID, as the spec requires
 * whichever parameter is selected.
 *
 * @param query - the query without `?`.
 * @param names - the re-encoded names that will be looked up (the `name` of each covered `@query-param`).
 * @returns those parameters of the query.
 */
export function parseQueryParameters(query: string, names: Iterable<string>): QueryParameters {
  return new QueryScan(toByteString(query), new Set(names)).scan();
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

/** A value of the query: where it is in the text. */
interface Segment {
  readonly start: number;
  readonly end: number;
}

/**
 * One pass over a query whose characters are bytes (`U+0000`–`U+00FF`). Each non-empty name and value
 * is decoded into `decoded`, followed by an ASCII separator: an ASCII byte can neither end nor
 * continue a multi-byte sequence, so the whole is UTF-8 exactly when each name and value is. A
 * piece's name becomes a string only when its re-encoded length is that of a wanted name.
 */
class QueryScan {
  /** At most the query's length plus one: each separator follows a segment that ends at `=`, `&` or the end. */
  private readonly decoded: Uint8Array;
  private length = 0;
  /** 1 at the re-encoded length of each wanted name. */
  private readonly lengths: Uint8Array;
  /** Wanted name → its value, or `null` when the name occurs more than once. */
  private readonly found = new Map<string, Segment | null>();
  /** Whether the last decoded name is its own re-encoding, and its re-encoded length. */
  private canonical = true;
  private reencodedLength = 0;

  constructor(
    private readonly text: string,
    private readonly wanted: ReadonlySet<string>,
  ) {
    this.decoded = new Uint8Array(text.length + 1);
    this.lengths = new Uint8Array(Math.max(0, ...[...wanted].map((name) => name.length)) + 1);
    for (const name of wanted) this.lengths[name.length] = 1;
  }

  scan(): QueryParameters {
    const text = this.text;
    let pieceStart = 0;
    while (pieceStart <= text.length) {
      let pieceEnd = text.indexOf('&', pieceStart);
      if (pieceEnd === -1) pieceEnd = text.length;
      if (pieceEnd > pieceStart) this.piece(pieceStart, pieceEnd);
      pieceStart = pieceEnd + 1;
    }
    if (!isUtf8(this.decoded.subarray(0, this.length))) return NOT_UTF8;
    return new ParsedQuery(text, this.wanted, this.found);
  }

  private piece(start: number, end: number): void {
    const text = this.text;
    let eq = start;
    while (eq < end && text.charCodeAt(eq) !== EQUALS) eq++; // within the piece only: linear
    this.decodeName(start, eq);
    const valueStart = eq === end ? end : eq + 1;
    this.decodeValue(valueStart, end);
    if (this.lengths[this.reencodedLength] !== 1) return; // undefined beyond the longest
    const key = this.canonical ? text.slice(start, eq) : reencode(text, start, eq);
    if (!this.wanted.has(key)) return;
    this.found.set(key, this.found.has(key) ? null : { start: valueStart, end });
  }

  /** Decodes a name, `text[start, end)`, into `decoded`; sets `canonical` and `reencodedLength`. */
  private decodeName(start: number, end: number): void {
    const { text, decoded } = this;
    let canonical = true;
    let reencodedLength = 0;
    let d = this.length;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      const escaped = code === PERCENT ? escapeAt(text, i) : -1;
      const byte = escaped === -1 ? formByte(code) : escaped;
      if (!(escaped === -1 ? isUnreserved(byte) : isReencodedEscape(text, i, escaped))) canonical = false;
      reencodedLength += isUnreserved(byte) ? 1 : 3;
      decoded[d++] = byte;
      if (escaped !== -1) i += 2;
    }
    if (end > start) decoded[d++] = AMPERSAND;
    this.length = d;
    this.canonical = canonical;
    this.reencodedLength = reencodedLength;
  }

  /** Decodes a value, `text[start, end)`, into `decoded`. */
  private decodeValue(start: number, end: number): void {
    const { text, decoded } = this;
    let d = this.length;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      const escaped = code === PERCENT ? escapeAt(text, i) : -1;
      decoded[d++] = escaped === -1 ? formByte(code) : escaped;
      if (escaped !== -1) i += 2;
    }
    if (end > start) decoded[d++] = AMPERSAND;
    this.length = d;
  }
}

class ParsedQuery implements QueryParameters {
  constructor(
    private readonly text: string,
    private readonly wanted: ReadonlySet<string>,
    private readonly found: ReadonlyMap<string, Segment | null>,
  ) {}

  value(name: string): string {
    if (!this.wanted.has(name)) return new QueryScan(this.text, new Set([name])).scan().value(name);
    const value = this.found.get(name);
    if (value === undefined) throw new SignwireError('COMPONENT_UNAVAILABLE', 'the covered query parameter is not in the query');
    if (value === null) {
      throw new SignwireError('QUERY_PARAM_AMBIGUOUS', 'the covered query parameter occurs more than once; cover @query instead');
    }
    return reencode(this.text, value.start, value.end);
  }
}

/** The parameters of a query with a name or value that is not UTF-8 after percent-decoding. */
const NOT_UTF8: QueryParameters = {
  value(): string {
    throw new SignwireError('COMPONENT_INVALID', 'a query parameter is not UTF-8 after percent-decoding');
  },
};

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
