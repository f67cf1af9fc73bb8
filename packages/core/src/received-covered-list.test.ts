import { describe, expect, it } from 'vitest';
import { checkCoveredList, serializeComponentIdentifier } from './component-identifier.js';
import { SignwireError } from './errors.js';
import { checkReceivedCoveredList } from './received-covered-list.js';

const names = (...list: string[]) => list.map((name) => ({ name }));

function outcome(run: () => unknown): unknown {
  try {
    return { result: run() };
  } catch (error) {
    return { error: error instanceof SignwireError ? [error.code, error.message] : String(error) };
  }
}

describe('checkReceivedCoveredList', () => {
  const lists = [
    names('@method', '@authority', '@path', '@query', 'content-type', 'content-digest'),
    names('@method', '@path'),
    names('@method', '@method'),
    names('Content-Type'),
    names('@status'),
    names('@query-param'),
    [{ name: '@query-param', params: { name: 'q' } }, { name: '@method' }],
    names(...Array.from({ length: 33 }, (_, i) => `x-${i}`)),
    [],
  ];

  it('gives what checkCoveredList gives, or its error, the first time and every time after', () => {
    for (let round = 0; round < 3; round++) {
      for (const list of lists) {
        const expected = outcome(() => {
          const components = checkCoveredList(list);
          return { components, covered: components.map(serializeComponentIdentifier) };
        });
        expect(outcome(() => checkReceivedCoveredList(list))).toEqual(expected);
      }
    }
  });

  it('shares remembered lists frozen, so no caller can change them for the next request', () => {
    const first = checkReceivedCoveredList(names('@method', '@path'));
    expect(checkReceivedCoveredList(names('@method', '@path'))).toBe(first);
    expect(Object.isFrozen(first.components) && Object.isFrozen(first.covered) && Object.isFrozen(first.components[0])).toBe(true);
  });

  it('stays correct when more lists arrive than it keeps', () => {
    for (let i = 0; i < 500; i++) checkReceivedCoveredList(names('@method', `x-${i}`));
    expect(checkReceivedCoveredList(names('@method', 'x-499')).covered).toEqual(['"@method"', '"x-499"']);
  });
});
