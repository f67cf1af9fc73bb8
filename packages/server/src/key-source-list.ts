/**
 * A list of key sources, asked in order (docs/spec.md §16.5): a key id that starts with `swk1:` of
 * the issuers, any other key id of the rest, the first that has it winning.
 */
import { ConfigurationError, type KeyRingEntry } from '@signwire/core';
import { ISSUED_KEY_PREFIX } from '@signwire/core/internal';
import { type IssuerKeyLookup, issuerKeyLookup } from './key-issuer.js';
import type { KeyFinder, SingleKeySource } from './key-ring.js';

/**
 * The lookup of a list of key sources.
 *
 * @param source - the list.
 * @param singleKeyFinder - the lookup of one source that is not an issuer.
 * @returns the lookup.
 * @throws ConfigurationError CONFIGURATION_INVALID for an empty or nested list, a key id in two
 * rings, a master id in two issuers; the errors of `singleKeyFinder`.
 */
export function createListKeyFinder(
  source: readonly SingleKeySource[],
  singleKeyFinder: (source: SingleKeySource) => KeyFinder,
): KeyFinder {
  if (source.length === 0) throw new ConfigurationError('CONFIGURATION_INVALID', 'keys must hold at least one key source');
  const issuers: IssuerKeyLookup[] = [];
  const others: KeyFinder[] = [];
  const staticIds = new Set<string>();
  const masterIds = new Set<string>();
  for (const item of source as readonly SingleKeySource[]) {
    if (Array.isArray(item)) throw new ConfigurationError('CONFIGURATION_INVALID', 'keys: a list of key sources cannot hold another list');
    const issuer = issuerKeyLookup(item);
    if (issuer !== undefined) {
      for (const id of issuer.masterIds) {
        if (masterIds.has(id)) throw new ConfigurationError('CONFIGURATION_INVALID', `keys: two issuers have a master "${id}"`);
        masterIds.add(id);
      }
      issuers.push(issuer);
      continue;
    }
    if (item !== null && typeof item === 'object') {
      for (const id of item instanceof Map ? item.keys() : Object.keys(item)) {
        if (staticIds.has(id)) throw new ConfigurationError('CONFIGURATION_INVALID', `keys: two key rings hold a key "${id}"`);
        staticIds.add(id);
      }
    }
    others.push(singleKeyFinder(item));
  }
  return (keyId) => (keyId.startsWith(ISSUED_KEY_PREFIX) ? findIssued(issuers, keyId) : firstFound(others, keyId, 0));
}

function findIssued(issuers: readonly IssuerKeyLookup[], keyId: string): KeyRingEntry | undefined {
  for (const issuer of issuers) {
    const entry = issuer.find(keyId);
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** The first source, in order, that has the key; a resolver's promise is awaited before the next is asked. */
function firstFound(finders: readonly KeyFinder[], keyId: string, from: number): ReturnType<KeyFinder> {
  for (let i = from; i < finders.length; i++) {
    const found = (finders[i] as KeyFinder)(keyId);
    if (typeof (found as PromiseLike<unknown> | undefined)?.then === 'function')
      return Promise.resolve(found).then((entry) => entry ?? firstFound(finders, keyId, i + 1));
    if (found !== undefined) return found;
  }
  return undefined;
}
