// The JSON body of a received request (docs/spec.md §9 step 12): parsed once, refused when it is not
// JSON, when an object repeats a member name, or when a member could reach a prototype.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMemberProblem } from './json-members.js';
import { isJsonContentType, parseReceivedJson } from './received-json.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string, allow = false): unknown => parseReceivedJson('application/json', bytes(text), allow);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('parseReceivedJson', () => {
  it('parses a JSON body and leaves other bodies alone', () => {
    expect(parse('{"a":[1,{"b":"c"}]}')).toEqual({ a: [1, { b: 'c' }] });
    expect(parseReceivedJson('text/plain', bytes('{"a":1,"a":2}'), false)).toBeUndefined();
    expect(parseReceivedJson(undefined, bytes('{"a":1,"a":2}'), false)).toBeUndefined();
    expect(parseReceivedJson('application/json', new Uint8Array(0), false)).toBeUndefined();
  });

  it('ignores one leading byte order mark', () => {
    expect(parseReceivedJson('application/json', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]), false)).toEqual({ a: 1 });
  });

  it.each([
    ['not JSON', bytes('{"a":')],
    ['NaN', bytes('NaN')],
    ['invalid UTF-8', new Uint8Array([0x22, 0xff, 0x22])],
  ])('refuses %s (JSON_UNSUPPORTED)', (_name, body) => {
    expect(codeOf(() => parseReceivedJson('application/json', body, false))).toBe('JSON_UNSUPPORTED');
  });

  it.each([
    ['{"a":1,"a":2}'],
    ['{"a":1,"b":2,"a":1}'],
    ['{"a":1,"\\u0061":2}'],
    ['{"\\u00e9":1,"é":2}'],
    ['{"\\ud83d\\ude00":1,"😀":2}'],
    ['{"a\\\\":1,"a\\u005c":2}'],
    ['{"x":{"y":[{"k":1}, {"k":2, "k":3}]}}'],
    ['[1, {"a": "}\\"", "a": 2}]'],
    ['{"m0":0,"m1":1,"m2":2,"m3":3,"m4":4,"m5":5,"m6":6,"m7":7,"m8":8,"m9":9,"m10":10,"m3":3}'],
    ['{"__proto__":1,"__proto__":2}'],
    ['{"__proto__":{"admin":true},"a":1,"a":2}'],
  ])('refuses duplicate member names: %s (JSON_DUPLICATE_MEMBER)', (text) => {
    expect(codeOf(() => parse(text))).toBe('JSON_DUPLICATE_MEMBER');
    expect(codeOf(() => parse(text, true))).toBe('JSON_DUPLICATE_MEMBER');
  });

  it.each([
    ['{"a":1,"A":2}'],
    ['{"a":{"a":{"a":1}}}'],
    ['[{"a":1},{"a":2}]'],
    ['{"a\\"":1,"a":2}'],
    ['{"k":"\\\\","l":"\\"k\\":"}'],
    ['{"e\\u0301":1,"é":2}'],
  ])('accepts the same name in different objects, or names that only look alike: %s', (text) => {
    expect(parse(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"__proto__":{"admin":true}}'],
    ['{"a":[{"b":{"__proto__":null}}]}'],
    ['{"__pro\\u0074o__":1}'],
    ['{"constructor":{"prototype":{"admin":true}}}'],
    ['{"constructor":{"x":1,"prototype":1}}'],
    ['{"constructor":{"prot\\u006ftype":1}}'],
  ])('refuses prototype members by default: %s (JSON_PROTOTYPE_MEMBER)', (text) => {
    expect(codeOf(() => parse(text))).toBe('JSON_PROTOTYPE_MEMBER');
    expect(parse(text, true)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":"__proto__"}'],
    ['["__proto__"]'],
    ['{"prototype":1}'],
    ['{"constructor":1,"x":{"prototype":1}}'],
    ['{"constructor":[{"prototype":1}]}'],
    ['{"constructor":{"a":{"prototype":1}}}'],
    ['{"__proto":1,"_proto__":2}'],
  ])('accepts what only resembles a prototype member: %s', (text) => {
    expect(parse(text)).toEqual(JSON.parse(text));
  });

  it('names neither member nor body bytes in its messages', () => {
    for (const text of ['{"secret-name":1,"secret-name":2}', '{"__proto__":{"secret-value":1}}']) {
      try {
        parse(text);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain('secret');
        expect((error as Error).message).toMatch(/at character \d+/);
      }
    }
  });

  it('reports a duplicate where the second name starts', () => {
    expect(findMemberProblem('{"a":1, "a":2}', false)).toEqual({ kind: 'duplicate', offset: 8 });
    expect(findMemberProblem('{"__proto__":1}', false)).toEqual({ kind: 'prototype', offset: 1 });
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/problem+json; charset=utf-8', true],
    [' \tapplication/JSON \t', true],
    ['\u00a0application/json', false],
    ['application/json\u00a0', false],
    ['application/j\u017fon', false],
  ])('%j → %s', (value, expected) => {
    expect(isJsonContentType(value)).toBe(expected);
  });
});

// Property: the scan agrees with a model. A JSON value is generated as a tree whose objects are lists
// of (name, value) pairs, so the expected answer is computed from the tree, never from the text; the
// text writes each name with random \u escapes and random whitespace.
type Tree = { object: [string, Tree][] } | { array: Tree[] } | { scalar: string };

const NAMES = ['a', 'b', 'A', '__proto__', 'constructor', 'prototype', 'x"y', 'q\\', 'é', '😀', '{', ',', ':', '}', ']', ' '];
const SCALARS = ['0', '-1.5e3', 'true', 'false', 'null', '"a"', '"__proto__"', '"}\\""', '"\\\\"', '"[\\"a\\":"', '"\\u0022"'];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((scalar) => ({ scalar })),
    fc.array(fc.tuple(fc.constantFrom(...NAMES), tie('tree')), { maxLength: 5 }).map((object) => ({ object })),
    fc.array(tie('tree'), { maxLength: 4 }).map((array) => ({ array })),
  ),
})).tree;

function hasDuplicate(node: Tree): boolean {
  if ('object' in node) {
    const names = node.object.map(([name]) => name);
    return new Set(names).size !== names.length || node.object.some(([, value]) => hasDuplicate(value));
  }
  return 'array' in node && node.array.some(hasDuplicate);
}

function hasPrototypeMember(node: Tree, underConstructor = false): boolean {
  if ('object' in node) {
    return node.object.some(
      ([name, value]) =>
        name === '__proto__' || (underConstructor && name === 'prototype') || hasPrototypeMember(value, name === 'constructor'),
    );
  }
  return 'array' in node && node.array.some((item) => hasPrototypeMember(item));
}

/** Writes a tree as JSON text, escaping name characters and adding whitespace as `choices` says. */
function write(node: Tree, choices: () => number): string {
  const space = (): string => [' ', '', '\n', '\t', '  '][choices() % 5] as string;
  if ('scalar' in node) return node.scalar;
  if ('array' in node) return `[${space()}${node.array.map((item) => write(item, choices)).join(`${space()},${space()}`)}${space()}]`;
  const members = node.object.map(([name, value]) => `${writeName(name, choices)}${space()}:${space()}${write(value, choices)}`);
  return `{${space()}${members.join(`${space()},`)}${space()}}`;
}

function writeName(name: string, choices: () => number): string {
  let out = '"';
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (choices() % 3 === 0) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else if (unit === 0x22 || unit === 0x5c) out += `\\${name[i]}`;
    else out += name[i];
  }
  return `${out}"`;
}

describe('findMemberProblem against a model', () => {
  it('finds a duplicate exactly when one exists, else a prototype member exactly when one exists', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), fc.boolean(), (node, seeds, allow) => {
        let n = 0;
        const text = write(node, () => seeds[n++ % seeds.length] as number);
        JSON.parse(text); // the generator writes JSON
        const problem = findMemberProblem(text, allow);
        const expected = hasDuplicate(node) ? 'duplicate' : !allow && hasPrototypeMember(node) ? 'prototype' : undefined;
        expect(problem?.kind).toBe(expected);
        if (problem !== undefined) expect(text[problem.offset]).toBe('"');
      }),
      { numRuns: 3000 },
    );
  });
});
