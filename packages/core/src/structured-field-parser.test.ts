import fc from 'fast-check';
import { type Dictionary, parseDictionary, serializeInnerList, serializeItem, Token } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { SignwireError } from './errors.js';
import { selectSignature, selectSignatureWithLibrary } from './signature-fields.js';
import { parseCommonDictionary } from './structured-field-parser.js';

/** A comparable rendering of a parsed value (Maps, byte sequences and tokens included). */
function render(value: unknown): unknown {
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [k, render(v)]) };
  // The library's byte sequences are ArrayBuffers, the fast path's Uint8Arrays: the same bytes.
  if (value instanceof ArrayBuffer) return { bytes: [...new Uint8Array(value)] };
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (value instanceof Token) return { token: value.toString() };
  if (Array.isArray(value)) return value.map(render);
  if (Object.is(value, -0)) return { negativeZero: true };
  return value;
}

function libraryParse(input: string): Dictionary | undefined {
  try {
    return parseDictionary(input);
  } catch {
    return undefined;
  }
}

/** The property: whenever the fast path answers, the library agrees on every member and its text. */
function agrees(input: string): boolean {
  const fast = parseCommonDictionary(input);
  if (fast === undefined) return true;
  const library = libraryParse(input);
  if (library === undefined) return false;
  expect(render(new Map([...fast].map(([k, m]) => [k, m.value])))).toEqual(render(library));
  for (const [key, member] of fast) {
    const value = library.get(key);
    const serialized = Array.isArray(value?.[0]) ? serializeInnerList(value as never) : serializeItem(value as never);
    expect(member.text).toBe(serialized);
  }
  return true;
}

// Pieces of every kind, canonical ones weighted up, so that generated inputs sit on both sides of
// the shape (checked by the first test).
const often = <T>(canonical: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: canonical, weight: 10 }, { arbitrary: other, weight: 1 });
const key = often(fc.stringMatching(/^[a-z*][a-z0-9_\-.*]{0,4}$/), fc.constantFrom('sig1', 'sha-256', 'k.1_x-y', '*', 'A', '1a', ''));
const stringChar = fc.constantFrom('a', 'Z', '@', '-', ' ', ';', ',', '(', ')', ':', '=', '"', '\\', '\t', 'é', '\x7f');
const sfString = often(
  fc.stringMatching(/^[a-z@-]{0,8}$/).map((s) => `"${s}"`),
  fc.oneof(
    fc.constantFrom('"a\\"b"', '"a\\\\b"', '"unterminated', '"é"'),
    fc.string({ unit: stringChar, maxLength: 6 }).map((s) => `"${s}"`),
  ),
);
const sfInteger = often(
  fc.oneof(fc.nat().map(String), fc.constantFrom('0', '1700000000', '999999999999999')),
  fc.constantFrom('1000000000000000', '007', '00', '-1', '-0', '1.5', '1.', '0.25', '12345678901234.5'),
);
const bytes = fc.uint8Array({ maxLength: 40 });
const byteSequence = often(
  bytes.map((b) => `:${Buffer.from(b).toString('base64')}:`),
  fc.oneof(
    bytes.map((b) => `:${Buffer.from(b).toString('base64').replace(/=+$/, '')}:`),
    fc.constantFrom(':AB==:', ':AQ==:', ':A===:', ':====:', ':YQ=:', ':Y Q==:', ':YQ==', ':@@@@:', ':YQ==YQ==:'),
  ),
);
const bareValue = often(
  fc.oneof(sfString, sfInteger),
  fc.oneof(fc.constantFrom('?1', '?0', 'tok', 'hmac-sha256', '@1700000000', '%"x"'), byteSequence),
);
const param = often(
  fc.oneof(
    fc.tuple(key, bareValue).map(([k, v]) => `;${k}=${v}`),
    key.map((k) => `;${k}`),
  ),
  fc.tuple(key, bareValue).map(([k, v]) => `; ${k}=${v}`),
);
const params = fc.array(param, { maxLength: 4 }).map((p) => p.join(''));
const separator = often(fc.constant(' '), fc.constantFrom('  ', '', '\t'));
const innerList = fc
  .tuple(
    fc.array(fc.tuple(often(sfString, bareValue), params, separator), { maxLength: 5 }),
    params,
    often(fc.constant(''), fc.constant(' ')),
  )
  .map(([items, p, pad]) => `(${pad}${items.map(([v, ip, sep], i) => `${i === 0 ? '' : sep}${v}${ip}`).join('')}${pad})${p}`);
const memberValue = often(
  fc.oneof(
    innerList,
    fc.tuple(byteSequence, params).map(([b, p]) => b + p),
  ),
  bareValue,
);
const member = often(
  fc.tuple(key, memberValue).map(([k, v]) => `${k}=${v}`),
  key, // a bare key: a boolean member
);
const dictionary = fc
  .tuple(
    fc.array(fc.tuple(member, often(fc.constantFrom(', ', ',', ' , ', ',\t', '\t,  '), fc.constantFrom(' ', ',,', ''))), {
      minLength: 1,
      maxLength: 3,
    }),
    often(fc.constantFrom('', ' '), fc.constantFrom('\t', '  ', ',')),
  )
  .map(([members, edge]) => `${edge === '\t' ? '' : edge}${members.map(([m, sep], i) => (i === 0 ? m : sep + m)).join('')}${edge}`);

// Signature fields exactly as a signer writes them: these must take the fast path.
const signatureInput = fc
  .tuple(
    fc.subarray(['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"', '"@query-param";name="q"']),
    fc.integer({ min: 0, max: 999_999_999_999_999 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{22,40}$/),
    fc.stringMatching(/^[A-Za-z0-9._~:/+=@-]{1,20}$/),
  )
  .map(
    ([items, created, nonce, keyid]) =>
      `sig1=(${items.join(' ')});created=${created};nonce="${nonce}";keyid="${keyid}";alg="hmac-sha256";tag="signwire-v1"`,
  );

describe('structured-field dictionary fast path', () => {
  it('parses exactly as structured-headers does whenever it answers', () => {
    fc.assert(fc.property(dictionary, agrees), { numRuns: 5000 });
  });

  it('generates inputs on both sides of the shape', () => {
    const samples = fc.sample(dictionary, 2000);
    const fast = samples.filter((input) => parseCommonDictionary(input) !== undefined).length;
    const valid = samples.filter((input) => libraryParse(input) !== undefined).length;
    expect(fast).toBeGreaterThan(200);
    expect(valid - fast).toBeGreaterThan(200);
    expect(samples.length - valid).toBeGreaterThan(200);
  });

  it('agrees on arbitrary text over the structured-field alphabet', () => {
    const text = fc.string({ unit: fc.constantFrom(...'sig1=("@a");k=1:AQ==:, \t?*-.\\é'), maxLength: 30 });
    fc.assert(fc.property(text, agrees), { numRuns: 5000 });
  });

  it('takes the fast path for the fields Signwire signers write', () => {
    fc.assert(
      fc.property(signatureInput, bytes, (input, mac) => {
        const signature = `sig1=:${Buffer.from(mac).toString('base64')}:`;
        expect(parseCommonDictionary(input)).toBeDefined();
        expect(parseCommonDictionary(signature)).toBeDefined();
        return agrees(input) && agrees(signature) && agrees(`${input}, other=("@method");created=1`);
      }),
      { numRuns: 1000 },
    );
  });

  it('hands anything outside the shape to the library', () => {
    for (const input of [
      'sig1=("@method" )',
      'sig1=(tok)',
      'sig1=("a");x=1.5',
      'sig1=("a");x=?1',
      'sig1=:YQ:',
      'sig1',
      'sig1=("a"),',
      '\tsig1=("a")',
      '',
    ]) {
      expect(parseCommonDictionary(input)).toBeUndefined();
    }
    expect(parseCommonDictionary(' sig1=("a";req);n=0, b=:YQ==: \t')?.get('sig1')?.text).toBe('("a";req);n=0');
  });

  it('selects the same signature, or fails the same way, as the library path', () => {
    const outcome = (select: typeof selectSignature, input: string, signature: string, label: string): unknown => {
      try {
        return { result: select(input, signature, label) };
      } catch (error) {
        return { error: error instanceof SignwireError ? [error.code, error.message] : String(error) };
      }
    };
    const field = fc.oneof(signatureInput, dictionary);
    const signatureField = often(
      bytes.map((mac) => `sig1=:${Buffer.from(mac).toString('base64')}:`),
      dictionary,
    );
    const label = often(fc.constant('sig1'), key);
    fc.assert(
      fc.property(field, signatureField, label, (input, signature, name) => {
        expect(outcome(selectSignature, input, signature, name)).toEqual(outcome(selectSignatureWithLibrary, input, signature, name));
      }),
      { numRuns: 5000 },
    );
  });
});
