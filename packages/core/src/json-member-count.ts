/**
 * A cheap proof that a JSON text has no member problem (docs/spec.md §9 step 12), made from the
 * value `JSON.parse` already built and two counts, so that the exact scan of `json-members.ts`
 * runs only when there may be a problem to report.
 *
 * Why the counts prove it. Let M be the number of members in the text: the number of `:` outside
 * strings, since the name separator is the only `:` JSON allows there. `JSON.parse` gives every
 * object of the text an object whose own enumerable keys are the object's distinct member names
 * (`__proto__` too: it is an own property, the prototype stays `Object.prototype`); of two members
 * with the same name it keeps one key and drops the other value with everything in it. Let K be the
 * number of own keys over every object reachable from the parsed value. Then K ≤ M, and K = M
 * exactly when no object repeats a name: if none does, every object is reachable and keeps all its
 * members; if one does, the outermost object that repeats a name (no object around it repeats one,
 * so nothing around it was dropped) is reachable and has fewer keys than members. Let T be the
 * number of every `:` in the text, inside strings or not: T ≥ M ≥ K, so T = K proves M = K with one
 * `indexOf` loop. When T ≠ K (a string holds a colon: a time, a URL), M is counted by skipping
 * strings. With no repeated name every member is an own key of a reachable object, so the walk that
 * counts K also sees every name, escapes decoded (`"\u005f_proto__"` is `__proto__` there), and
 * finds every prototype member.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Deeper values are left to the exact scan, which keeps its own stack (`JSON.parse` has no depth limit). */
const WALK_DEPTH_LIMIT = 128;

/** What {@link countKeys} answers when it does not count: a prototype member, or nesting past the limit. */
const NOT_COUNTED = -1;

/**
 * Whether a JSON text is proven free of repeated member names and, unless `allowPrototypeMembers`,
 * of prototype members (the problems `findMemberProblem` reports).
 *
 * @param text - a JSON text that `JSON.parse` accepted.
 * @param value - what `JSON.parse(text)` returned (unchanged since).
 * @param allowPrototypeMembers - accept `__proto__` members and `prototype` members of a
 * `constructor` member's object.
 * @returns true when the text has no such problem; false when it may have one (a prototype member,
 * a repeated name, nesting deeper than 128, or an enumerable property on `Object.prototype`): then
 * `findMemberProblem` decides.
 */
export function provesNoMemberProblem(text: string, value: unknown, allowPrototypeMembers: boolean): boolean {
  if (typeof value !== 'object' || value === null) return true; // a string, number or literal: no object at all
  // `for…in` also lists enumerable properties inherited from Object.prototype (a polluted one):
  // they would count as keys that the text does not have.
  if (objectPrototypeHasEnumerables()) return false;
  const keys = countKeys(value, false, allowPrototypeMembers, 0);
  if (keys === NOT_COUNTED) return false;
  return countColons(text) === keys || countMembers(text) === keys;
}

function objectPrototypeHasEnumerables(): boolean {
  for (const name in Object.prototype) if (typeof name === 'string') return true;
  return false;
}

/**
 * The own keys of every object in `value`, or {@link NOT_COUNTED} at a prototype member (unless
 * allowed) or past {@link WALK_DEPTH_LIMIT}.
 *
 * @param underConstructor - `value` is the value of a member named `constructor`.
 */
function countKeys(value: object, underConstructor: boolean, allowPrototypeMembers: boolean, depth: number): number {
  if (depth === WALK_DEPTH_LIMIT) return NOT_COUNTED;
  let keys = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const inner = countKeys(item, false, allowPrototypeMembers, depth + 1);
      if (inner === NOT_COUNTED) return NOT_COUNTED;
      keys += inner;
    }
    return keys;
  }
  const members = value as Record<string, unknown>;
  for (const name in members) {
    keys++;
    if (!allowPrototypeMembers && (name === '__proto__' || (underConstructor && name === 'prototype'))) return NOT_COUNTED;
    const member = members[name];
    if (typeof member !== 'object' || member === null) continue;
    const inner = countKeys(member, name === 'constructor', allowPrototypeMembers, depth + 1);
    if (inner === NOT_COUNTED) return NOT_COUNTED;
    keys += inner;
  }
  return keys;
}

/** Every `:` of the text, inside strings or not (T above). */
function countColons(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) count++;
  return count;
}

/** The `:` outside strings: the members of a JSON text (M above). */
function countMembers(text: string): number {
  let count = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) count++;
    else if (c === QUOTE) i = closingQuote(text, i);
  }
  return count;
}

/** The index of the quote that closes the string opening at `open` (the text's length if none does). */
function closingQuote(text: string, open: number): number {
  for (let end = text.indexOf('"', open + 1); end >= 0; end = text.indexOf('"', end + 1)) {
    let before = end - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--;
    if ((end - 1 - before) % 2 === 0) return end; // an even run of backslashes escapes one another, not the quote
  }
  return text.length;
}
