/**
 * RFC 8941 §4.2 parsing of the structured-field dictionaries a verifier reads on every request
 * (`Signature-Input`, `Signature`, `Content-Digest`) in the canonical shape signers emit:
 * `sig1=("@method" "content-digest");created=1700000000;keyid="k"` and `sig1=:<base64>:`.
 *
 * It accepts only a subset of RFC 8941 that is its own serialization: inner lists of plain strings
 * separated by single spaces, byte sequences in canonical padded base64, and parameters whose values
 * are `true` (written bare, each key once), integers without leading zeros or plain strings (no `"` or `\`). Anything
 * else (tokens, decimals, `?1`, escapes, extra spaces inside a member, lenient base64, …) returns
 * `undefined` and the caller parses with `structured-headers`, so every error still comes from the
 * library. A property test checks that whenever this answers, the library parses the same dictionary
 * and each member's text is its serialization. It exists because these three fields are parsed on
 * every request, before any key is known, so their cost is paid by forged requests too.
 */
import type { BareItem, Parameters } from 'structured-headers';
import { fromBase64 } from './bytes.js';

/** An item as `structured-headers` returns it, except that a byte sequence is a `Uint8Array`. */
export type CommonItem = [Exclude<BareItem, ArrayBuffer> | Uint8Array, Parameters];

/** An inner list of {@link CommonItem}s with its parameters. */
export type CommonInnerList = [CommonItem[], Parameters];

/** One dictionary member: the parsed value and its exact text (which is also its serialization). */
export interface CommonMember {
  /**
   * The value, equal to what `structured-headers`' `parseDictionary` returns, except that byte
   * sequences are `Uint8Array`s rather than `ArrayBuffer`s (allocating an `ArrayBuffer` per item is avoidable work on every
   * request; the library's `ArrayBuffer` is turned into a `Uint8Array` by every caller anyway). Read only: items
   * without parameters share one empty map (a map per item was a tenth of the bytes a verification
   * allocated); only the parameters of the member itself are its own.
   */
  readonly value: CommonItem | CommonInnerList;
  /** The member's text after `key=`, e.g. `("@method");created=1`: its RFC 8941 serialization. */
  readonly text: string;
}

const SP = 0x20;
const HTAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/**
 * The parameters of every item parsed without any. One shared (and, being a Map, mutable) object: it
 * must never reach a caller, which is why only the covered components' items use it and
 * `readComponents` turns those into plain identifiers.
 */
const NO_PARAMETERS: Parameters = new Map();

/** `[a-z*]`: the first character of a key. */
function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x2a;
}

/** `[a-z0-9_\-.*]`: the other characters of a key. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x2a;
}

/** A cursor over the input; each reader returns `undefined` as soon as the input leaves the shape. */
class Scanner {
  pos = 0;
  constructor(readonly input: string) {}

  key(): string | undefined {
    const { input } = this;
    const start = this.pos;
    if (!isKeyStart(input.charCodeAt(start))) return undefined;
    let pos = start + 1;
    while (isKeyChar(input.charCodeAt(pos))) pos++;
    this.pos = pos;
    return input.slice(start, pos);
  }

  string(): string | undefined {
    const { input } = this;
    if (input.charCodeAt(this.pos) !== QUOTE) return undefined;
    const start = this.pos + 1;
    let pos = start;
    for (let c = input.charCodeAt(pos); c !== QUOTE; c = input.charCodeAt(++pos)) {
      if (!(c >= 0x20 && c <= 0x7e) || c === BACKSLASH) return undefined;
    }
    this.pos = pos + 1;
    return input.slice(start, pos);
  }

  integer(): number | undefined {
    const { input } = this;
    const start = this.pos;
    let c = input.charCodeAt(start);
    if (c === 0x30) {
      this.pos = start + 1;
      return 0;
    }
    let pos = start;
    let value = 0;
    while (c >= 0x30 && c <= 0x39 && pos - start < 15) {
      value = value * 10 + (c - 0x30);
      c = input.charCodeAt(++pos);
    }
    this.pos = pos;
    return pos === start ? undefined : value;
  }

  /** `;key`, `;key=1`, `;key="s"`…; `shared` allows {@link NO_PARAMETERS} for none. */
  parameters(shared: boolean): Parameters | undefined {
    if (shared && this.input.charCodeAt(this.pos) !== 0x3b) return NO_PARAMETERS;
    const params: Parameters = new Map();
    while (this.input.charCodeAt(this.pos) === 0x3b) {
      this.pos++;
      const name = this.key();
      if (name === undefined || params.has(name)) return undefined;
      let value: BareItem | undefined = true;
      if (this.input.charCodeAt(this.pos) === 0x3d) {
        this.pos++;
        value = this.input.charCodeAt(this.pos) === QUOTE ? this.string() : this.integer();
        if (value === undefined) return undefined;
      }
      params.set(name, value);
    }
    return params;
  }

  innerList(): CommonInnerList | undefined {
    const { input } = this;
    this.pos++; // (
    const items: CommonItem[] = [];
    while (input.charCodeAt(this.pos) !== 0x29) {
      if (items.length > 0 && input.charCodeAt(this.pos++) !== SP) return undefined;
      const value = this.string();
      if (value === undefined) return undefined;
      const params = this.parameters(true);
      if (params === undefined) return undefined;
      items.push([value, params]);
    }
    this.pos++; // )
    const params = this.parameters(false);
    return params === undefined ? undefined : [items, params];
  }

  byteSequence(): CommonItem | undefined {
    const end = this.input.indexOf(':', ++this.pos);
    const bytes = end === -1 ? undefined : fromBase64(this.input.slice(this.pos, end));
    if (bytes === undefined) return undefined;
    this.pos = end + 1;
    const params = this.parameters(false);
    return params === undefined ? undefined : [bytes, params];
  }

  member(): CommonMember | undefined {
    const start = this.pos;
    const c = this.input.charCodeAt(start);
    const value = c === 0x28 ? this.innerList() : c === 0x3a ? this.byteSequence() : undefined;
    return value === undefined ? undefined : { value, text: this.input.slice(start, this.pos) };
  }

  /** Skips spaces, and tabs too when `tabs` is true (RFC 8941 OWS). */
  skipSpaces(tabs: boolean): void {
    const { input } = this;
    let pos = this.pos;
    while (input.charCodeAt(pos) === SP || (tabs && input.charCodeAt(pos) === HTAB)) pos++;
    this.pos = pos;
  }
}

/**
 * Parses a dictionary of the common shape (see the module comment).
 *
 * @param input - the combined field value.
 * @returns the members in order, or `undefined` when the input is not of that shape (parse it with
 * `structured-headers` then).
 */
export function parseCommonDictionary(input: string): Map<string, CommonMember> | undefined {
  const scanner = new Scanner(input);
  const members = new Map<string, CommonMember>();
  scanner.skipSpaces(false);
  for (;;) {
    const key = scanner.key();
    if (key === undefined || input.charCodeAt(scanner.pos) !== 0x3d) return undefined;
    scanner.pos++;
    const member = scanner.member();
    if (member === undefined) return undefined;
    members.set(key, member);
    scanner.skipSpaces(true);
    if (scanner.pos === input.length) return members;
    if (input.charCodeAt(scanner.pos) !== 0x2c) return undefined;
    scanner.pos++;
    scanner.skipSpaces(true);
  }
}
