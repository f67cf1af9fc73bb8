import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveComponentValue, fieldValue, trimOws } from './components.js';
import { SignwireError } from './errors.js';
import type { FieldLines } from './headers.js';
import { splitTargetUrl } from './target-uri.js';

function outcome(run: () => string): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof SignwireError) return { error: error.code };
    throw error;
  }
}

/** docs/spec.md §5.2 written out: every line named `name` (any case), trimmed, joined with ", ". */
function specFieldValue(name: string, fields: FieldLines): string {
  const values = fields.filter(([lineName]) => lineName.toLowerCase() === name).map(([, value]) => trimOws(value));
  if (values.length === 0) throw new SignwireError('COMPONENT_UNAVAILABLE', `the covered field ${name} is not in the message`);
  return values.join(', ');
}

const fieldName = fc.constantFrom('x-a', 'X-A', 'x-b', 'Content-Type', 'content-type');
const fieldText = fc.string({ unit: fc.constantFrom('a', ' ', '\t', ',', 'b'), maxLength: 6 });
const lines = fc.array(fc.tuple(fieldName, fieldText), { maxLength: 6 });

describe('fieldValue', () => {
  it('combines the lines as docs/spec.md §5.2 says, or is unavailable, for any lines', () => {
    fc.assert(
      fc.property(lines, fc.constantFrom('x-a', 'x-b', 'content-type', 'x-c'), (fields, name) => {
        expect(outcome(() => fieldValue(name, fields))).toEqual(outcome(() => specFieldValue(name, fields)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('deriveComponentValue', () => {
  const source = (url: string) => ({ method: 'POST', target: splitTargetUrl(url), fields: [] });
  it.each([
    ['https://a.example/p?q=1', '@target-uri', 'https://a.example/p?q=1'],
    ['https://a.example/p?', '@target-uri', 'https://a.example/p?'],
    ['https://a.example/p', '@target-uri', 'https://a.example/p'],
    ['https://a.example/p?q=1', '@request-target', '/p?q=1'],
    ['https://a.example/p?', '@request-target', '/p?'],
    ['https://a.example', '@request-target', '/'],
    ['https://a.example/p', '@query', '?'],
    ['https://a.example/p?', '@query', '?'],
    ['https://a.example/p?q=1', '@query', '?q=1'],
  ])('%s: %s is %s', (url, name, value) => {
    expect(deriveComponentValue({ name }, source(url))).toBe(value);
  });
});
