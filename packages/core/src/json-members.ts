/**
 * The member names of a JSON text, as `JSON.parse` never shows them: it keeps the last of two
 * members with the same name and gives no sign of the first. One pass over a text that already
 * parsed, remembering the names of each open object.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** Names kept in a list up to this many members; a larger object moves them into a `Set`. */
const LIST_LIMIT = 8;

/** What is wrong with a member, and where its name starts (a UTF-16 index into the text). */
export interface MemberProblem {
  /** `duplicate`: an earlier member of the same object has the same name. `prototype`: see {@link findMemberProblem}. */
  readonly kind: 'duplicate' | 'prototype';
  /** The index of the member name's opening quote. */
  readonly offset: number;
}

/** The names of one open object. */
class ObjectNames {
  #list: string[] = [];
  #set: Set<string> | undefined;

  /** @param underConstructor - the object is the value of a member named `constructor`. */
  constructor(readonly underConstructor: boolean) {}

  /** Adds `name`; false when the object already has it. */
  add(name: string): boolean {
    const set = this.#set;
    if (set !== undefined) {
      if (set.has(name)) return false;
      set.add(name);
      return true;
    }
    const list = this.#list;
    if (list.includes(name)) return false;
    list.push(name);
    if (list.length > LIST_LIMIT) this.#set = new Set(list);
    return true;
  }
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** The member name between the quotes at `start` and `end`, with its escapes decoded. */
function nameAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/**
 * Finds the first problem with the member names of a JSON text: a member whose name (after its
 * escapes are decoded) an earlier member of the same object already has; otherwise, unless
 * `allowPrototypeMembers`, the first member named `__proto__`, or named `prototype` in an object
 * that is the value of a member named `constructor`. A duplicate anywhere wins over a prototype
 * member anywhere (docs/spec.md §9 step 12).
 *
 * @param text - a JSON text that `JSON.parse` accepted (anything else gives an unspecified answer).
 * @param allowPrototypeMembers - accept `__proto__` and `constructor.prototype` members.
 * @returns the problem, or `undefined` when there is none.
 */
export function findMemberProblem(text: string, allowPrototypeMembers: boolean): MemberProblem | undefined {
  // One entry per open container: the object's names, or null for an array.
  const open: (ObjectNames | null)[] = [];
  let object: ObjectNames | null = null;
  let expectingName = false;
  let lastName = '';
  let prototypeAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (expectingName && object !== null) {
        const name = nameAt(text, i, end);
        if (!object.add(name)) return { kind: 'duplicate', offset: i };
        if (prototypeAt < 0 && !allowPrototypeMembers && (name === '__proto__' || (name === 'prototype' && object.underConstructor))) {
          prototypeAt = i;
        }
        lastName = name;
        expectingName = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      // Inside an object a '{' can only open the value of the member just named.
      open.push(object);
      object = new ObjectNames(object !== null && lastName === 'constructor');
      expectingName = true;
    } else if (c === OPEN_ARRAY) {
      open.push(object);
      object = null;
      expectingName = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      object = open.pop() ?? null;
      expectingName = false;
    } else if (c === COMMA) {
      expectingName = object !== null;
    }
  }
  return prototypeAt < 0 ? undefined : { kind: 'prototype', offset: prototypeAt };
}
