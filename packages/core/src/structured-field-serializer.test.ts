import fc from 'fast-check';
import { type BareItem, type InnerList, type Parameters, serializeInnerList, serializeItem, Token } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { serializeComponentIdentifier } from './component-identifier.js';
import { SignwireError } from './errors.js';
import { serializeList } from './structured-field-serializer.js';

// Values of every kind structured fields have, including the ones the fast path hands back to the library.
const bareItem: fc.Arbitrary<BareItem> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~') }),
  fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }),
  fc.double({ min: -1e11, max: 1e11, noNaN: true }).map((d) => Math.round(d * 1000) / 1000),
  fc.boolean(),
  fc.constantFrom(new Token('tok'), new Token('a:b/c')),
  fc.uint8Array({ maxLength: 8 }),
);
const key = fc.stringMatching(/^[a-z*][a-z0-9_\-.*]{0,6}$/);
const params: fc.Arbitrary<Parameters> = fc.array(fc.tuple(key, bareItem), { maxLength: 4 }).map((entries) => new Map(entries));
const stringItem = fc.tuple(fc.string({ unit: fc.constantFrom('a', '@', '"', '\\', '-', ' ', 'é') }), params);

describe('structured-field fast path', () => {
  it('serializes inner lists exactly as structured-headers does', () => {
    const list: fc.Arbitrary<InnerList> = fc.tuple(fc.array(stringItem, { maxLength: 5 }), params);
    fc.assert(
      fc.property(list, (innerList) => {
        let expected: string;
        try {
          expected = serializeInnerList(innerList);
        } catch {
          return true;
        }
        return serializeList(innerList) === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('serializes identifiers (strings with string, integer or true parameters) exactly as structured-headers, with no fallback', () => {
    const simpleValue = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', '"', '\\', ' ', '%', '~', 'é', '\n') }),
      fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }),
      fc.constant(true as const),
    );
    const simpleParams = fc.array(fc.tuple(key, simpleValue), { maxLength: 4 }).map((entries) => new Map<string, BareItem>(entries));
    const value = fc.string({ unit: fc.constantFrom('a', '@', '"', '\\', '-', ' ', 'é', '\t') });
    fc.assert(
      fc.property(value, simpleParams, (v, p) => {
        let expected: string | undefined;
        try {
          expected = serializeItem([v, p]);
        } catch {
          expected = undefined; // non-ASCII: RFC 8941 has no serialization, and neither has the subset
        }
        let actual: string | undefined;
        try {
          actual = serializeComponentIdentifier({ name: v, params: Object.fromEntries(p) });
        } catch (error) {
          expect((error as SignwireError).code).toBe('COMPONENT_INVALID');
        }
        return actual === expected;
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses an identifier RFC 8941 cannot serialize with COMPONENT_INVALID', () => {
    expect(serializeComponentIdentifier({ name: '@query-param', params: { name: 'a"b\\c' } })).toBe('"@query-param";name="a\\"b\\\\c"');
    for (const identifier of [{ name: 'caf\u00e9' }, { name: '@query-param', params: { name: 'caf\u00e9' } }, { name: 'x\ny' }]) {
      let error: unknown;
      try {
        serializeComponentIdentifier(identifier);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SignwireError);
      expect((error as SignwireError).code).toBe('COMPONENT_INVALID');
    }
  });

  it('writes a true parameter bare and escapes " and \\', () => {
    expect(serializeComponentIdentifier({ name: 'signature', params: { key: 'sig1', req: true } })).toBe('"signature";key="sig1";req');
    expect(serializeComponentIdentifier({ name: 'a"b' })).toBe('"a\\"b"');
    expect(serializeComponentIdentifier({ name: '@query-param', params: null } as never)).toBe('"@query-param"');
  });
});
