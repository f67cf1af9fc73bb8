/**
 * What a verifier may remember between requests, owned by one verifier and dropped with it (no
 * module-global caches: ../STYLE §8): the HMAC state prepared per key (`HashProvider.hmacSha256WithKey`:
 * the key's two pad blocks hashed once), and received covered lists that passed the check (a client
 * sends the same list on every request). Both are memos of pure functions: a request verified with
 * a cache gets exactly the result and the error it would get without one.
 */
import { type ComponentIdentifier, checkCoveredList, serializeComponentIdentifier } from './component-identifier.js';
import type { HashProvider } from './hash.js';
import { exportKeyBytes, type HmacKey } from './secret.js';

/** A checked covered list. */
export interface CheckedCoveredList {
  /** The checked identifiers, in received order. */
  readonly components: readonly ComponentIdentifier[];
  /** Their serializations, in the same order. */
  readonly covered: readonly string[];
}

/** One verifier's memory between requests. Create it with {@link createVerificationCache}; opaque. */
export interface VerificationCache {
  /** @internal The prepared MAC per key, for the provider it was prepared with. */
  readonly macs: WeakMap<HmacKey, { readonly hashes: HashProvider; readonly mac: (data: Uint8Array) => Uint8Array }>;
  /** @internal Checked covered lists without parameters, by their names. */
  readonly coveredLists: Map<string, CheckedCoveredList>;
  /** @internal The list found or remembered last (a verifier mostly sees one list again and again). */
  lastCoveredList: CheckedCoveredList | undefined;
}

/** Distinct covered lists remembered at most (a verifier sees a handful: one per client version). */
const MAX_COVERED_LISTS = 64;

/**
 * Creates the memory of one verifier. Pass it with every request that verifier checks
 * (`verifyRequestSignature({ …, cache })`, `parseSignature(…, { cache })`, `verifyMac(…, cache)`);
 * `@signwire/server`'s `createVerifier` does this itself.
 *
 * @example
 * ```ts
 * const cache = createVerificationCache();
 * const verified = verifyRequestSignature({ request, now, lookupKey, cache });
 * ```
 * @returns an empty cache.
 */
export function createVerificationCache(): VerificationCache {
  return { macs: new WeakMap(), coveredLists: new Map(), lastCoveredList: undefined };
}

/**
 * HMAC-SHA256 of `data` under `key`, with the provider's per-key preparation remembered in `cache`.
 *
 * @param key - an imported key.
 * @param hashes - the hash implementation.
 * @param data - the message.
 * @param cache - the verifier's cache, or `undefined` to prepare nothing.
 * @returns the MAC.
 */
export function cachedHmacSha256(key: HmacKey, hashes: HashProvider, data: Uint8Array, cache: VerificationCache | undefined): Uint8Array {
  const cached = cache?.macs.get(key);
  if (cached !== undefined && cached.hashes === hashes) return cached.mac(data);
  const keyBytes = exportKeyBytes(key);
  if (cache === undefined || typeof hashes.hmacSha256WithKey !== 'function') return hashes.hmacSha256(keyBytes, data);
  const mac = hashes.hmacSha256WithKey(keyBytes);
  cache.macs.set(key, { hashes, mac });
  return mac(data);
}

/**
 * Checks a received covered list for a request signature (`checkCoveredList`, then each identifier
 * serialized). A list whose components have no parameters is remembered in `cache` once it passed,
 * frozen (every request that sends it shares it), in a map emptied when full; anything else, and
 * every error, goes through the check.
 *
 * @param received - the covered components as parsed.
 * @param cache - the verifier's cache, or `undefined`.
 * @returns the checked identifiers and their serializations.
 * @throws SignwireError the errors of `checkCoveredList`.
 */
export function checkReceivedCoveredList(
  received: readonly ComponentIdentifier[],
  cache: VerificationCache | undefined,
): CheckedCoveredList {
  const last = cache?.lastCoveredList;
  if (last !== undefined && sameNames(last.components, received)) return last;
  const key = cache === undefined ? undefined : listKey(received);
  const known = key === undefined ? undefined : cache?.coveredLists.get(key);
  if (known !== undefined && cache !== undefined) {
    cache.lastCoveredList = known;
    return known;
  }
  const components = checkCoveredList(received);
  const covered = components.map(serializeComponentIdentifier);
  if (key === undefined || cache === undefined) return { components, covered };
  const list: CheckedCoveredList = Object.freeze({
    components: Object.freeze(components.map((component) => Object.freeze(component))),
    covered: Object.freeze(covered),
  });
  if (cache.coveredLists.size >= MAX_COVERED_LISTS) cache.coveredLists.clear();
  cache.coveredLists.set(key, list);
  cache.lastCoveredList = list;
  return list;
}

/**
 * Whether `received` names the components of a remembered list, in order, without parameters (a
 * remembered list has none): then checking it gives that list. Compares without building the key.
 */
function sameNames(remembered: readonly ComponentIdentifier[], received: readonly ComponentIdentifier[]): boolean {
  if (remembered.length !== received.length) return false;
  for (let i = 0; i < received.length; i++) {
    const component = received[i] as ComponentIdentifier;
    if (component.params !== undefined || component.name !== (remembered[i] as ComponentIdentifier).name) return false;
  }
  return true;
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
