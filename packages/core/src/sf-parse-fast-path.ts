/**
 * A fast path for parsing the structured-field dictionaries a verifier reads on every request
 * (`Signature-Input`, `Signature`, `Content-Digest`) in the canonical shape signers emit:
 * `sig1=("@method" "content-digest");created=1700000000;keyid="k"` and `sig1=:<base64>:`.
 *
 * It accepts only a subset of RFC 8941 that is its own serialization: inner lists of plain strings
 * separated by single spaces, byte sequences in canonical padded base64, and parameters whose values
 * are `true` (written bare, each key once), integers without leading zeros or plain strings (no `"` or `\`). Anything
 * else (tokens, decimals, `?1`, escapes, extra spaces inside a member, lenient base64, …) returns
 * `undefined` and the caller parses with `structured-headers`, so every error still comes from the
 * library. A property test checks that whenever this answers, the library parses the same dictionary
 * and each member's text is its serialization. Profiling showed the library's parser at ~18% of
 * verification time.
 */
import type { BareItem, InnerList, Item, Parameters } from 'structured-headers';
import { fromBase64 } from './bytes.js';

/** One dictionary member: the parsed value and its exact text (which is also its serialization). */
export interface CommonMember {
  /** The value, exactly as `structured-headers`' `parseDictionary` returns it. */
  readonly value: Item | InnerList;
  /** The member's text after `key=`, e.g. `("@method");created=1`: its RFC 8941 serialization. */
  readonly text: string;
}

const SP = 0x20;
const HTAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A cursor over the input; each reader returns `undefined` as soon as the input leaves the shape. */
class Scanner {
  pos = 0;
  constructor(readonly input: string) {}

  peek(): number {
    return this.input.charCodeAt(this.pos); // NaN at the end
  }

  key(): string | undefined {
    const start = this.pos;
    let c = this.peek();
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x2a)) return undefined; // a-z *
    do {
      this.pos++;
      c = this.peek();
    } while ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x2a);
    return this.input.slice(start, this.pos);
  }

  string(): string | undefined {
    if (this.peek() !== QUOTE) return undefined;
    const start = ++this.pos;
    for (let c = this.peek(); c !== QUOTE; c = this.peek()) {
      if (!(c >= 0x20 && c <= 0x7e) || c === BACKSLASH) return undefined; // also NaN (no closing quote)
      this.pos++;
    }
    return this.input.slice(start, this.pos++);
  }

  integer(): number | undefined {
    const start = this.pos;
    let c = this.peek();
    if (c === 0x30) {
      this.pos++;
      return 0;
    }
    while (c >= 0x30 && c <= 0x39 && this.pos - start < 15) {
      this.pos++;
      c = this.peek();
    }
    return this.pos === start ? undefined : Number(this.input.slice(start, this.pos));
  }

  parameters(): Parameters | undefined {
    const params: Parameters = new Map();
    while (this.peek() === 0x3b) {
      this.pos++;
      const name = this.key();
      if (name === undefined || params.has(name)) return undefined; // a repeat is not its own serialization
      let value: BareItem | undefined = true;
      if (this.peek() === 0x3d) {
        this.pos++;
        value = this.peek() === QUOTE ? this.string() : this.integer();
        if (value === undefined) return undefined;
      }
      params.set(name, value);
    }
    return params;
  }

  innerList(): InnerList | undefined {
    this.pos++; // (
    const items: Item[] = [];
    while (this.peek() !== 0x29) {
      if (items.length > 0 && this.input.charCodeAt(this.pos++) !== SP) return undefined;
      const value = this.string();
      const params = value === undefined ? undefined : this.parameters();
      if (value === undefined || params === undefined) return undefined;
      items.push([value, params]);
    }
    this.pos++; // )
    const params = this.parameters();
    return params === undefined ? undefined : [items, params];
  }

  byteSequence(): Item | undefined {
    const end = this.input.indexOf(':', ++this.pos);
    const bytes = end === -1 ? undefined : fromBase64(this.input.slice(this.pos, end));
    if (bytes === undefined) return undefined;
    this.pos = end + 1;
    const params = this.parameters();
    return params === undefined ? undefined : [bytes.buffer as ArrayBuffer, params];
  }

  member(): CommonMember | undefined {
    const start = this.pos;
    const c = this.peek();
    const value = c === 0x28 ? this.innerList() : c === 0x3a ? this.byteSequence() : undefined;
    return value === undefined ? undefined : { value, text: this.input.slice(start, this.pos) };
  }

  /** Skips spaces, and tabs too when `tabs` is true (RFC 8941 OWS). */
  skipSpaces(tabs: boolean): void {
    for (let c = this.peek(); c === SP || (tabs && c === HTAB); c = this.peek()) this.pos++;
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
    if (key === undefined || scanner.peek() !== 0x3d) return undefined;
    scanner.pos++;
    const member = scanner.member();
    if (member === undefined) return undefined;
    members.set(key, member);
    scanner.skipSpaces(true);
    if (scanner.pos === input.length) return members;
    if (scanner.peek() !== 0x2c) return undefined;
    scanner.pos++;
    scanner.skipSpaces(true);
  }
}
