/**
 * The verifier's check of a received covered list (`checkCoveredList` plus serializing each
 * identifier), remembered for lists whose components have no parameters: a client sends the same
 * list on every request, and checking it again was a tenth of the bytes a verification allocated.
 * Only lists that passed are remembered, frozen (every request that sends the list shares them), in
 * a small map that is emptied when full; anything else, and every error, goes through the check.
 */
import { type ComponentIdentifier, checkCoveredList, serializeComponentIdentifier } from './component-identifier.js';

/** A checked covered list. */
export interface CheckedCoveredList {
  /** The checked identifiers, in received order. */
  readonly components: readonly ComponentIdentifier[];
  /** Their serializations, in the same order. */
  readonly covered: readonly string[];
}

/** Distinct lists remembered at most (a verifier sees a handful: one per client version). */
const MAX_LISTS = 64;
const checked = new Map<string, CheckedCoveredList>();

/**
 * Checks a received covered list for a request signature.
 *
 * @param received - the covered components as parsed.
 * @returns the checked identifiers and their serializations.
 * @throws SignwireError the errors of `checkCoveredList`.
 */
export function checkReceivedCoveredList(received: readonly ComponentIdentifier[]): CheckedCoveredList {
  const key = listKey(received);
  const known = key === undefined ? undefined : checked.get(key);
  if (known !== undefined) return known;
  const components = checkCoveredList(received);
  const covered = components.map(serializeComponentIdentifier);
  if (key === undefined) return { components, covered };
  const list: CheckedCoveredList = Object.freeze({
    components: Object.freeze(components.map((component) => Object.freeze(component))),
    covered: Object.freeze(covered),
  });
  if (checked.size >= MAX_LISTS) checked.clear();
  checked.set(key, list);
  return list;
}

/** The names joined by LF (which no parsed name holds), or `undefined` when a component has parameters. */
function listKey(received: readonly ComponentIdentifier[]): string | undefined {
  let key = '';
  for (const { name, params } of received) {
    if (params !== undefined || typeof name !== 'string') return undefined;
    key += `${name}\n`;
  }
  return key;
}
