import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignwireError } from './errors.js';
import { parseQueryParameters, queryParamValue } from './query-param.js';

/** docs/spec.md §5.3 written out, on Latin-1 strings of bytes (not the implementation's byte loop). */
function specQueryParamValue(query: string, name: string): string {
  const decode = (raw: string): Buffer => {
    const bytes = Buffer.from(raw.replaceAll('+', ' '), 'utf8').toString('latin1');
    return Buffer.from(
      bytes.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    );
  };
  const isUtf8 = (bytes: Buffer): boolean => Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
  const reencode = (bytes: Buffer): string =>
    [...bytes]
      .map((byte) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  const pairs = query
    .split('&')
    .filter((piece) => piece !== '')
    .map((piece) => (piece.includes('=') ? [piece.slice(0, piece.indexOf('=')), piece.slice(piece.indexOf('=') + 1)] : [piece, '']))
    .map(([rawName, rawValue]) => [decode(rawName as string), decode(rawValue as string)] as const);
  if (pairs.some(([n, v]) => !isUtf8(n) || !isUtf8(v))) throw new SignwireError('COMPONENT_INVALID', 'not UTF-8');
  const matches = pairs.filter(([n]) => reencode(n) === name).map(([, v]) => reencode(v));
  if (matches.length === 0) throw new SignwireError('COMPONENT_UNAVAILABLE', 'absent');
  if (matches.length > 1) throw new SignwireError('QUERY_PARAM_AMBIGUOUS', 'repeated');
  return matches[0] as string;
}

function outcome(run: () => string): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof SignwireError) return { error: error.code };
    throw error;
  }
}

const piece = fc.constantFrom(
  'a',
  'b',
  'A',
  '=',
  '&',
  '&',
  '+',
  '%',
  '%2',
  '%C3',
  '%A9',
  '%c3%a9',
  '%FF',
  '%2B',
  '%3D',
  '%26',
  '%20',
  '~',
  'é',
  '*-._',
  '%41',
  '%2e',
  '%7e',
);
const query = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
const name = fc.constantFrom(
  'a',
  'b',
  'A',
  'ab',
  '.',
  '%7E',
  'Aa',
  '',
  '%20',
  '%C3%A9',
  '%2B',
  '%3D',
  '%26',
  '%7E',
  '%25',
  '%252',
  '*-._',
  'a%20',
);

describe('@query-param values (docs/spec.md §5.3)', () => {
  it('parseQueryParameters answers every name as the spec does, for any query, named beforehand or not', () => {
    fc.assert(
      fc.property(query, fc.array(name, { minLength: 1, maxLength: 4 }), fc.nat(4), (text, names, given) => {
        const parsed = parseQueryParameters(text, names.slice(0, given));
        for (const wanted of names) {
          expect(outcome(() => parsed.value(wanted))).toEqual(outcome(() => specQueryParamValue(text, wanted)));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every name of a query with one parameter that is not UTF-8, even a repeated or absent one', () => {
    const parsed = parseQueryParameters('a=1&a=2&b=%FF', ['a', 'b', 'c']);
    for (const wanted of ['a', 'b', 'c']) expect(outcome(() => parsed.value(wanted))).toEqual({ error: 'COMPONENT_INVALID' });
    expect(outcome(() => queryParamValue('%C3=1&b=2', 'b'))).toEqual({ error: 'COMPONENT_INVALID' });
  });

  it('checks the last parameter too, after many pieces without "=" or with empty names and values', () => {
    for (const head of ['a&'.repeat(50), '=&'.repeat(50), '&'.repeat(50), 'a=&'.repeat(50)]) {
      expect(outcome(() => queryParamValue(`${head}b=1&%FF`, 'b'))).toEqual({ error: 'COMPONENT_INVALID' });
      expect(outcome(() => queryParamValue(`${head}b=1&c=%FF`, 'b'))).toEqual({ error: 'COMPONENT_INVALID' });
      expect(outcome(() => queryParamValue(`${head}b=1`, 'b'))).toEqual({ value: '1' });
    }
  });

  it('gives the values of the RFC 9421 §2.2.8 example', () => {
    const parsed = parseQueryParameters('var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&qux=', [
      'var',
      'bar',
      'fa%C3%A7ade%22%3A%20',
      'qux',
    ]);
    expect(parsed.value('var')).toBe('this%20is%20a%20big%0Avalue');
    expect(parsed.value('bar')).toBe('with%20plus%20whitespace');
    expect(parsed.value('fa%C3%A7ade%22%3A%20')).toBe('something');
    expect(parsed.value('qux')).toBe('');
  });
});
