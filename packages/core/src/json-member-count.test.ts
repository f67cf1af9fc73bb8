// The cheap proof of json-member-count.ts against a reference: a plain recursive-descent parse that
// keeps every (name, value) pair, names decoded by JSON.parse of their own token, and a walk over it.
// parseReceivedJson must give the reference's answer on every generated text, and the proof must
// never hold for a text with a problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { provesNoMemberProblem } from './json-member-count.js';
import { parseReceivedJson } from './received-json.js';

type Pairs = { object: [string, Pairs][] } | { array: Pairs[] } | { scalar: unknown };

/** Parses a JSON text that JSON.parse accepted, keeping repeated members. */
function referenceParse(text: string): Pairs {
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const take = (expected: string): void => {
    if (text[at] !== expected) throw new Error(`reference parse: expected ${expected} at ${at}`);
    at++;
  };
  const string = (): string => {
    let end = at + 1;
    while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    const token = text.slice(at, end + 1);
    at = end + 1;
    return JSON.parse(token) as string;
  };
  const value = (): Pairs => {
    skipSpace();
    if (text[at] === '{') {
      at++;
      const object: [string, Pairs][] = [];
      skipSpace();
      if (text[at] === '}') {
        at++;
        return { object };
      }
      for (;;) {
        skipSpace();
        const name = string();
        skipSpace();
        take(':');
        object.push([name, value()]);
        skipSpace();
        if (text[at] !== ',') break;
        at++;
      }
      take('}');
      return { object };
    }
    if (text[at] === '[') {
      at++;
      const array: Pairs[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return { array };
      }
      for (;;) {
        array.push(value());
        skipSpace();
        if (text[at] !== ',') break;
        at++;
      }
      take(']');
      return { array };
    }
    if (text[at] === '"') return { scalar: string() };
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at))?.[0];
    if (literal === undefined) throw new Error(`reference parse: no value at ${at}`);
    at += literal.length;
    return { scalar: JSON.parse(literal) };
  };
  const result = value();
  skipSpace();
  if (at !== text.length) throw new Error('reference parse: text after the value');
  return result;
}

function repeatsAName(node: Pairs): boolean {
  if ('object' in node) {
    const names = node.object.map(([name]) => name);
    return new Set(names).size !== names.length || node.object.some(([, value]) => repeatsAName(value));
  }
  return 'array' in node && node.array.some(repeatsAName);
}

function hasPrototypeMember(node: Pairs, underConstructor = false): boolean {
  if ('object' in node) {
    return node.object.some(
      ([name, value]) =>
        name === '__proto__' || (underConstructor && name === 'prototype') || hasPrototypeMember(value, name === 'constructor'),
    );
  }
  return 'array' in node && node.array.some((item) => hasPrototypeMember(item));
}

function depthOf(node: Pairs): number {
  if ('object' in node) return 1 + Math.max(0, ...node.object.map(([, value]) => depthOf(value)));
  if ('array' in node) return 1 + Math.max(0, ...node.array.map(depthOf));
  return 0;
}

/** The code the reference gives a text (docs/spec.md §9 step 12), or undefined. */
function referenceCode(text: string, allow: boolean): string | undefined {
  const tree = referenceParse(text);
  if (repeatsAName(tree)) return 'JSON_DUPLICATE_MEMBER';
  return !allow && hasPrototypeMember(tree) ? 'JSON_PROTOTYPE_MEMBER' : undefined;
}

const encoder = new TextEncoder();

function codeOf(text: string, allow: boolean): string | undefined {
  try {
    const value = parseReceivedJson('application/json', encoder.encode(text), allow);
    expect(value).toEqual(JSON.parse(text));
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Both checks of a text: parseReceivedJson answers as the reference, and the proof holds only for sound texts. */
function checkAgainstReference(written: string, allow: boolean): void {
  // The verifier sees UTF-8 bytes: a lone surrogate written raw arrives as U+FFFD.
  const text = new TextDecoder().decode(encoder.encode(written));
  const value: unknown = JSON.parse(text);
  const expected = referenceCode(text, allow);
  expect(codeOf(text, allow)).toBe(expected);
  const proven = provesNoMemberProblem(text, value, allow);
  if (expected !== undefined) expect(proven).toBe(false);
  // Sound texts are proven without the exact scan, up to the walk's depth limit.
  else if (depthOf(referenceParse(text)) <= 128) expect(proven).toBe(true);
}

// Generated texts: trees of (name, value) pairs written with random escapes and whitespace. Names
// collide often (a small set), colons and quotes appear inside names and strings, numbers vary.
type Tree = { object: [string, Tree][] } | { array: Tree[] } | { text: string };

const NAMES = ['a', 'b', 'A', '__proto__', 'constructor', 'prototype', 'x"y', 'q\\', 'é', '😀', '{', ',', ':', '}', ']', ' ', 'a:b', '"'];
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const scalar = fc.oneof(
  fc.constantFrom('0', '-1.5e3', '1E+2', 'true', 'false', 'null', '"a:b"', '"12:30:00"', '"}\\":"', '"\\u003a"', '"\\\\"'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc
    .string({ minLength: 200, maxLength: 600, unit: fc.constantFrom('a', ':', '"', '\\', '\n', 'é', '\u2028') })
    .map((s) => JSON.stringify(s)),
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((text) => ({ text })),
    fc.array(fc.tuple(name, tie('tree')), { maxLength: 5 }).map((object) => ({ object })),
    fc.array(tie('tree'), { maxLength: 4 }).map((array) => ({ array })),
  ),
})).tree;

/** Objects of many members, at most one name repeated. */
const wide: fc.Arbitrary<Tree> = fc
  .tuple(fc.integer({ min: 50, max: 400 }), fc.option(fc.nat(), { nil: undefined }), tree)
  .map(([count, repeat, inner]) => {
    const object: [string, Tree][] = Array.from({ length: count }, (_, i) => [`m${i}`, i === 7 ? inner : { text: String(i) }]);
    if (repeat !== undefined) object.push([`m${repeat % count}`, { text: '0' }]);
    return { object };
  });

/** A tree at the bottom of 100 to 300 objects and arrays (past the walk's depth limit of 128 too). */
const deep: fc.Arbitrary<Tree> = fc.tuple(fc.integer({ min: 100, max: 300 }), fc.boolean(), tree).map(([depth, sibling, inner]) => {
  let node = inner;
  for (let level = 0; level < depth; level++) {
    node =
      level % 2 === 0
        ? { array: [node] }
        : {
            object: sibling
              ? [
                  ['k', node],
                  ['s', { text: '1' }],
                ]
              : [['k', node]],
          };
  }
  return node;
});

function write(node: Tree, choices: () => number): string {
  const space = (): string => [' ', '', '', '\n', '\t', '  '][choices() % 6] as string;
  if ('text' in node) return node.text;
  if ('array' in node) return `[${space()}${node.array.map((item) => write(item, choices)).join(`${space()},${space()}`)}${space()}]`;
  const members = node.object.map(([key, value]) => `${writeName(key, choices)}${space()}:${space()}${write(value, choices)}`);
  return `{${space()}${members.join(`${space()},`)}${space()}}`;
}

function writeName(key: string, choices: () => number): string {
  let out = '"';
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    if (choices() % 4 === 0 || unit < 0x20) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else if (unit === 0x22 || unit === 0x5c) out += `\\${key[i]}`;
    else out += key[i];
  }
  return `${out}"`;
}

const text = (shape: fc.Arbitrary<Tree>): fc.Arbitrary<string> =>
  fc.tuple(shape, fc.array(fc.nat(), { minLength: 1, maxLength: 64 })).map(([node, seeds]) => {
    let n = 0;
    return write(node, () => seeds[n++ % seeds.length] as number);
  });

describe('provesNoMemberProblem and parseReceivedJson against a pair-preserving reference parse', () => {
  it('agree on generated texts (repeated names, escapes, colons in strings, whitespace)', () => {
    fc.assert(fc.property(text(tree), fc.boolean(), checkAgainstReference), { numRuns: 3000 });
  });

  it('agree on objects of many members', () => {
    fc.assert(fc.property(text(wide), fc.boolean(), checkAgainstReference), { numRuns: 300 });
  });

  it('agree on deep nesting', () => {
    fc.assert(fc.property(text(deep), fc.boolean(), checkAgainstReference), { numRuns: 300 });
  });

  it('agree on any JSON value fast-check writes, with and without its whitespace', () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (json, allow) => {
        checkAgainstReference(json, allow);
        checkAgainstReference(JSON.stringify(JSON.parse(json), null, 1), allow);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('provesNoMemberProblem', () => {
  it.each([
    ['{"a":1,"a":2}'],
    ['{"a":{"b":1,"b":2},"a":3}'], // the inner repeat is dropped with the first "a": K = 1, M = 4
    ['{"a":"x:y","a":"z"}'], // a colon in a string: T = 3
    ['{"a":1,"\\u0061":2}'],
    ['[{"k":1},{"k":2,"k":3}]'],
    ['{"__proto__":1}'],
    ['{"\\u005f_proto__":1}'],
    ['{"constructor":{"prototype":1}}'],
  ])('does not hold for %s', (json) => {
    expect(provesNoMemberProblem(json, JSON.parse(json), false)).toBe(false);
  });

  it.each([
    ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}'],
    ['{"at":"12:30:00","url":"https://example.com:8443/"}'],
    ['{"a\\"":":","b":"\\":\\""}'],
    ['{ "a" : 1 ,\n "b" : [ 1 , 2 ] }'],
    ['"a:b"'],
    ['[]'],
    ['{"constructor":[{"prototype":1}]}'],
  ])('holds for %s', (json) => {
    expect(provesNoMemberProblem(json, JSON.parse(json), false)).toBe(true);
  });

  it('holds for prototype members when they are allowed, never for a repeat', () => {
    const allowed = '{"__proto__":{"constructor":{"prototype":1}}}';
    const repeated = '{"__proto__":1,"__proto__":2}';
    expect(provesNoMemberProblem(allowed, JSON.parse(allowed), true)).toBe(true);
    expect(provesNoMemberProblem(repeated, JSON.parse(repeated), true)).toBe(false);
  });

  it('leaves nesting deeper than 128 to the exact scan, which refuses a repeat at any depth', () => {
    const sound = `${'{"k":['.repeat(5000)}{"a":1}${']}'.repeat(5000)}`;
    const repeated = `${'{"k":['.repeat(5000)}{"a":1,"a":2}${']}'.repeat(5000)}`;
    expect(provesNoMemberProblem(sound, JSON.parse(sound), false)).toBe(false);
    expect(parseReceivedJson('application/json', encoder.encode(sound), false)).toBeTypeOf('object');
    expect(codeOf(repeated, false)).toBe('JSON_DUPLICATE_MEMBER');
  });

  it('does not count properties inherited from a polluted Object.prototype as members', () => {
    // With two enumerable properties on Object.prototype, for…in over {"a":1,"a":2} lists three
    // keys, as many as the text's three colons ("x:y" holds one): counted, the repeat would pass.
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 1;
    prototype.alsoPolluted = 1;
    try {
      const json = '{"a":"x:y","a":2}';
      expect(provesNoMemberProblem(json, JSON.parse(json), false)).toBe(false);
      expect(codeOf(json, false)).toBe('JSON_DUPLICATE_MEMBER');
    } finally {
      delete prototype.polluted;
      delete prototype.alsoPolluted;
    }
  });
});
