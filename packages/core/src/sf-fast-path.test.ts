import fc from 'fast-check';
import { type BareItem, type InnerList, type Parameters, serializeInnerList, serializeItem, Token } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { serializeList, serializeStringItem } from './sf-fast-path.js';

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
  it('serializes string items exactly as structured-headers does', () => {
    fc.assert(
      fc.property(stringItem, ([value, p]) => {
        let expected: string;
        try {
          expected = serializeItem([value, p]);
        } catch {
          return true; // values the library refuses (non-ASCII) are refused by the fallback too
        }
        return serializeStringItem(value, p) === expected;
      }),
      { numRuns: 2000 },
    );
  });

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

  it('writes a true parameter bare and escapes through the library', () => {
    expect(
      serializeStringItem(
        'signature',
        new Map<string, BareItem>([
          ['key', 'sig1'],
          ['req', true],
        ]),
      ),
    ).toBe('"signature";key="sig1";req');
    expect(serializeStringItem('a"b', new Map())).toBe('"a\\"b"');
  });
});
