/**
 * Byte helpers: UTF-8 and strict base64 / base64url / hex codecs.
 *
 * Decoders are strict on purpose (docs/spec.md §1): no whitespace, no missing or extra padding, no
 * non-zero trailing bits, so that one secret has exactly one text form.
 */
const encoder = /* @__PURE__ */ new TextEncoder();
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** For each ASCII code: its base64 digit, or -1. */
const DECODE = /* @__PURE__ */ decodeTable(ALPHABET);

function decodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

/**
 * Encodes a string as UTF-8.
 *
 * @param text - the string.
 * @returns its UTF-8 bytes (lone surrogates become U+FFFD, as `TextEncoder` does).
 */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The largest scratch space {@link utf8Transient} keeps; longer text gets bytes of its own. */
const MAX_SCRATCH_BYTES = 16_384;
let scratch = /* @__PURE__ */ new Uint8Array(1024);

/**
 * Encodes a string as UTF-8 into scratch memory shared by every call: the bytes are valid only
 * until the next call. For text that is hashed at once, such as a signature base handed to a
 * synchronous HMAC: `TextEncoder.encode` makes a new `ArrayBuffer` per call, garbage on every
 * request that the hash reads once and drops.
 *
 * @param text - the string.
 * @returns its UTF-8 bytes, in memory the next call overwrites.
 */
export function utf8Transient(text: string): Uint8Array {
  const worstCase = text.length * 3; // a UTF-16 code unit takes at most 3 bytes in UTF-8
  if (worstCase > MAX_SCRATCH_BYTES) return encoder.encode(text);
  if (worstCase > scratch.length) scratch = new Uint8Array(Math.min(MAX_SCRATCH_BYTES, Math.max(worstCase, scratch.length * 2)));
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/**
 * Encodes bytes as standard base64 with padding (RFC 4648 §4).
 *
 * @param bytes - the bytes.
 * @returns the base64 text.
 */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes, ALPHABET, '=');
}

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5).
 *
 * @param bytes - the bytes.
 * @returns the base64url text.
 */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes, URL_ALPHABET, '');
}

function encodeBase64(bytes: Uint8Array, alphabet: string, pad: string): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${alphabet[(n >> 6) & 63]}${alphabet[n & 63]}`;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${pad}${pad}`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${alphabet[(n >> 6) & 63]}${pad}`;
  }
  return out;
}

/**
 * Decodes strict base64 (RFC 4648 §4, padded).
 *
 * @param text - base64 text.
 * @returns the bytes, or `undefined` when the text is not canonical base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - pad);
  return decodeUnpadded(body);
}

/**
 * Decodes strict base64url (RFC 4648 §5, unpadded).
 *
 * @param text - base64url text.
 * @returns the bytes, or `undefined` when the text is not canonical base64url.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (/[+/=]/.test(text)) return undefined;
  return decodeUnpadded(text.replace(/-/g, '+').replace(/_/g, '/'));
}

function decodeUnpadded(body: string): Uint8Array | undefined {
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] as number) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined; // non-zero trailing bits
  return out;
}

/**
 * Decodes lower- or upper-case hex with an even number of digits.
 *
 * @param text - hex text.
 * @returns the bytes, or `undefined` when the text is not hex.
 */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Views any `ArrayBufferView` or `ArrayBuffer` as a `Uint8Array` (no copy).
 *
 * @param value - the candidate bytes.
 * @returns a `Uint8Array` view, or `undefined` when `value` is not binary data.
 */
export function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}
