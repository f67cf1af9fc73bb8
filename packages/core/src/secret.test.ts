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

  describe('names the mistake in the message', () => {
    const message = (input: unknown): string => {
      try {
        importSecret(input as never);
      } catch (error) {
        expect(error).toMatchObject({ code: 'KEY_INVALID', name: 'ConfigurationError' });
        return (error as Error).message;
      }
      throw new Error('importSecret accepted the input');
    };

    it.each(['base64', 'base64url', 'hex'])('{ %s: undefined } says the value is undefined and suggests an unset variable', (encoding) => {
      expect(message({ [encoding]: undefined })).toBe(
        `the secret's ${encoding} is undefined, not a string (is the environment variable that should hold it unset?)`,
      );
    });

    it.each<[string, unknown, string]>([
      ['null', null, 'null'],
      ['a number', 42, 'a number'],
      ['an object', { value: KEY_32 }, 'an object'],
    ])('{ base64: %s } says what it is instead of a string', (_name, value, kind) => {
      expect(message({ base64: value })).toBe(`the secret's base64 is ${kind}, not a string`);
    });

    it('{ base64: bytes } suggests passing the bytes directly', () => {
      expect(message({ base64: bytes })).toBe(
        "the secret's base64 is bytes, not a string; pass the bytes themselves instead of { base64 }",
      );
    });

    it('an empty string suggests an empty variable', () => {
      expect(message({ hex: '' })).toBe("the secret's hex is an empty string (is the environment variable that should hold it empty?)");
    });

    it('names the properties of an object that does not have exactly one', () => {
      expect(message({})).toBe('the secret object has no properties; pass exactly one of { base64 }, { base64url } or { hex }');
      expect(message({ base64: KEY_32, hex: '00' })).toBe(
        'the secret object has 2 properties (base64, hex); pass exactly one of { base64 }, { base64url } or { hex }',
      );
      expect(message({ base46: KEY_32 })).toBe(
        'unknown secret encoding "base46"; pass exactly one of { base64 }, { base64url } or { hex }',
      );
    });

    it('says what a secret that is neither bytes nor an object is', () => {
      expect(message(undefined)).toBe(
        'the secret is undefined (is the environment variable that should hold it unset?); pass bytes or { base64 }, { base64url } or { hex }',
      );
      expect(message(42)).toBe('the secret is a number; pass bytes or { base64 }, { base64url } or { hex }');
    });

    it('never shows the value it refuses', () => {
      for (const input of [{ base64: ` ${KEY_32}` }, { base64: { value: KEY_32 } }, { base64: KEY_32, hex: KEY_32 }, { [KEY_32]: 1 }]) {
        expect(message(input)).not.toContain(KEY_32.slice(0, 21));
      }
    });
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
