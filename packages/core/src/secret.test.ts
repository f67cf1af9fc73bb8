import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url } from './bytes.js';
import { exportKeyBytes, HmacKey, importSecret } from './secret.js';

const KEY_32 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

describe('strict codecs', () => {
  it('round-trips every length against an independent encoder', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });
  it.each(['AAE', 'AA==AA==', 'AAE=\n', ' AAE=', 'AAF=', 'AA=A', 'AA-_'])('rejects non-canonical base64 %j', (text) => {
    expect(fromBase64(text)).toBeUndefined();
  });
  it.each(['AAE=', 'AA+/', 'A', 'AF'])('rejects non-canonical base64url %j', (text) => expect(fromBase64Url(text)).toBeUndefined());
  it('decodes hex of either case and rejects odd lengths and non-hex', () => {
    expect(fromHex('0aFF')).toEqual(Uint8Array.of(10, 255));
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
  });
});

describe('importSecret', () => {
  const bytes = fromBase64(KEY_32) as Uint8Array;

  it('accepts bytes and each declared encoding of the same key', () => {
    for (const input of [
      bytes,
      bytes.buffer as ArrayBuffer,
      { base64: KEY_32 },
      { base64url: toBase64Url(bytes) },
      { hex: Buffer.from(bytes).toString('hex') },
    ]) {
      expect(exportKeyBytes(importSecret(input))).toEqual(bytes);
    }
  });

  it('copies the bytes, so later changes to the caller’s array do not change the key', () => {
    const mine = bytes.slice();
    const key = importSecret(mine);
    mine.fill(0);
    expect(exportKeyBytes(key)).toEqual(bytes);
  });

  it.each<[string, unknown]>([
    ['a bare string', KEY_32],
    ['31 bytes', new Uint8Array(31)],
    ['1025 bytes', new Uint8Array(1025)],
    ['base64 with whitespace', { base64: ` ${KEY_32}` }],
    ['base64 without padding', { base64: KEY_32.slice(0, -1) }],
    ['an unknown encoding', { utf8: 'x'.repeat(40) }],
    ['two encodings', { base64: KEY_32, hex: '00' }],
    ['null', null],
    ['a number', 42],
  ])('refuses %s with KEY_INVALID', (_name, input) => {
    expect(() => importSecret(input as never)).toThrowError(expect.objectContaining({ code: 'KEY_INVALID', name: 'ConfigurationError' }));
  });

  it('never prints the secret', () => {
    const key = importSecret({ base64: KEY_32 });
    for (const text of [String(key), JSON.stringify({ key }), inspect(key), `${key}`]) {
      expect(text).not.toContain(KEY_32.slice(0, 8));
      expect(text).toContain('HmacKey(32 bytes)');
    }
  });

  it('cannot be constructed or read around importSecret', () => {
    expect(() => new (HmacKey as unknown as new (t: symbol, b: Uint8Array) => HmacKey)(Symbol('HmacKey'), bytes)).toThrowError(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
    expect(() => exportKeyBytes({} as HmacKey)).toThrowError(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});
