import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { MAX_JSON_DEPTH } from './constants.js';

const DATA = join(import.meta.dirname, '../../../test-vectors/rfc8785');

function expectUnsupported(value: unknown): void {
  expect(() => canonicalJson(value)).toThrowError(expect.objectContaining({ code: 'JSON_UNSUPPORTED', status: 400 }));
}

describe('canonicalJson: RFC 8785 reference data (cyberphone / gowebpki testdata)', () => {
  const inputs = readdirSync(join(DATA, 'rfc8785-testdata/input'));
  it('has the ten reference files', () => expect(inputs).toHaveLength(10));
  for (const file of inputs) {
    it(`${file} serializes byte-exact`, () => {
      const input = readFileSync(join(DATA, 'rfc8785-testdata/input', file), 'utf8');
      const expected = readFileSync(join(DATA, 'rfc8785-testdata/output', file));
      expect(Buffer.from(canonicalJson(JSON.parse(input)), 'utf8').equals(expected)).toBe(true);
    });
  }
});

describe('canonicalJson: ES6 number serialization (10,000 reference lines)', () => {
  it('formats every IEEE-754 double as the reference file says', () => {
    const lines = readFileSync(join(DATA, 'es6-numbers/es6testfile-first10000.txt'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10_000);
    const view = new DataView(new ArrayBuffer(8));
    const failures: string[] = [];
    for (const line of lines) {
      const [hex, expected] = line.split(',') as [string, string];
      view.setBigUint64(0, BigInt(`0x${hex.padStart(16, '0')}`));
      const actual = canonicalJson(view.getFloat64(0));
      if (actual !== expected) failures.push(`${hex}: ${actual} != ${expected}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('canonicalJson: awkward values', () => {
  it.each([
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [5e-324, '5e-324'],
    [-0, '0'],
    [2 ** 53 + 1, '9007199254740992'],
    [1.0, '1'],
    [0.1, '0.1'],
    [1e16, '10000000000000000'],
  ])('%s → %s', (value, text) => expect(canonicalJson(value)).toBe(text));

  it('sorts keys by UTF-16 code units, not code points', () => {
    // U+E000 is 0xE000; U+1F600 is the surrogate pair 0xD83D 0xDE00, which sorts first in UTF-16.
    expect(canonicalJson({ '\uE000': 1, '\u{1F600}': 2 })).toBe('{"\u{1F600}":2,"\uE000":1}');
  });

  it('escapes minimally', () => {
    expect(canonicalJson('\u0001"\\\n\u2028é')).toBe('"\\u0001\\"\\\\\\n\u2028é"');
  });

  it('applies toJSON once (Date → ISO string) and keeps __proto__ as a plain member', () => {
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"a":1}}'))).toBe('{"__proto__":{"a":1}}');
  });

  it('accepts objects without a prototype and nesting at the depth limit', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    expect(canonicalJson(bare)).toBe('{"b":1}');
    let nested: unknown = 0;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) nested = [nested];
    expect(canonicalJson(nested)).toBe(`${'['.repeat(MAX_JSON_DEPTH)}0${']'.repeat(MAX_JSON_DEPTH)}`);
  });
});

describe('canonicalJson: values JSON cannot carry are refused with JSON_UNSUPPORTED', () => {
  const sparse: unknown[] = [1];
  sparse[2] = 3; // index 1 is a hole
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['undefined member', { a: undefined }],
    ['undefined element', [undefined]],
    ['function', () => 1],
    ['function member', { f() {} }],
    ['symbol', Symbol('s')],
    ['symbol-keyed member', { [Symbol('k')]: 1 }],
    ['BigInt', 1n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', [Number.NEGATIVE_INFINITY]],
    ['cycle', cyclic],
    ['sparse array', sparse],
    ['boxed number', new Number(5)],
    ['boxed string', new String('x')],
    ['boxed boolean', new Boolean(false)],
    ['lone high surrogate', '\uD800'],
    ['lone low surrogate in a key', { '\uDC00': 1 }],
    ['Map', new Map([['a', 1]])],
    ['Set', new Set([1])],
    ['typed array', new Uint8Array([1])],
    ['class instance', new (class Point {})()],
    ['toJSON returning undefined', { toJSON: () => undefined }],
    [
      'throwing getter',
      {
        get boom() {
          throw new Error('getter');
        },
      },
    ],
  ];
  it.each(cases)('%s', (_name, value) => expectUnsupported(value));

  it(`nesting deeper than ${MAX_JSON_DEPTH} (and 100,000 deep: no RangeError)`, () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      let nested: unknown = 0;
      for (let i = 0; i < depth; i++) nested = depth % 2 ? [nested] : { a: nested };
      expectUnsupported(nested);
    }
  });

  it('never returns undefined or invalid JSON for any refused value', () => {
    for (const [, value] of cases) {
      let out: unknown;
      try {
        out = canonicalJson(value);
      } catch {
        continue;
      }
      expect.unreachable(`returned ${String(out)}`);
    }
  });
});
