/**
 * RFC 8785 (JCS) canonical JSON, in one pass: each value is checked and serialized as it is read
 * (null, booleans, finite numbers, strings without lone surrogates, arrays without holes, plain
 * objects), applying `toJSON` once, within a depth limit; everything else is a `JSON_UNSUPPORTED`
 * error naming the path. Strings and numbers are written by `JSON.stringify` (ECMAScript's number
 * formatting and minimal string escapes are what RFC 8785 §3.2.2 prescribes); object members are
 * sorted by their names' UTF-16 code units (§3.2.3), as `Array.prototype.sort` compares strings.
 */
import { MAX_JSON_DEPTH } from './constants.js';
import { atBoundary, SignwireError } from './errors.js';

/** A JSON value as RFC 8785 can carry it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serializes a value as RFC 8785 canonical JSON.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [1.0, 1e21] }); // '{"a":[1,1e+21],"b":1}'
 * ```
 * @param value - the value to serialize.
 * @returns the canonical JSON text.
 * @throws SignwireError JSON_UNSUPPORTED for a value JSON cannot carry (docs/spec.md §11).
 */
export function canonicalJson(value: unknown): string {
  return atBoundary('JSON_UNSUPPORTED', 'the JSON value', () => serialize(value, '$', 0, new Set()));
}

function unsupported(path: string, what: string): never {
  throw new SignwireError('JSON_UNSUPPORTED', `${what} at ${path} cannot be represented in RFC 8785 JSON`);
}

function serialize(value: unknown, path: string, depth: number, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) unsupported(path, 'a string with a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) unsupported(path, String(value));
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'undefined':
      return unsupported(path, 'undefined');
    case 'function':
      return unsupported(path, 'a function');
    case 'symbol':
      return unsupported(path, 'a symbol');
    case 'bigint':
      return unsupported(path, 'a BigInt');
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) unsupported(path, 'a cycle');
  if (depth >= MAX_JSON_DEPTH) unsupported(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
  ancestors.add(object);
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  let text: string;
  if (typeof toJSON === 'function') {
    const replaced: unknown = callGuarded(() => toJSON.call(object, ''), path);
    if (replaced === undefined) unsupported(path, 'toJSON() returning undefined');
    text = serialize(replaced, path, depth, ancestors);
  } else {
    text = Array.isArray(object) ? serializeArray(object, path, depth, ancestors) : serializeObject(object, path, depth, ancestors);
  }
  ancestors.delete(object);
  return text;
}

function serializeArray(array: unknown[], path: string, depth: number, ancestors: Set<object>): string {
  const items: string[] = [];
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) unsupported(`${path}[${i}]`, 'a sparse array hole');
    items.push(serialize(array[i], `${path}[${i}]`, depth + 1, ancestors));
  }
  return `[${items.join(',')}]`;
}

/** Members are read and checked in property order (so the first problem found is reported), then sorted. */
function serializeObject(object: object, path: string, depth: number, ancestors: Set<object>): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    const name = describeObject(object);
    unsupported(path, `${name} (only plain objects and arrays are JSON)`);
  }
  if (Object.getOwnPropertySymbols(object).some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
    unsupported(path, 'a symbol-keyed property');
  }
  const members: [string, string][] = [];
  for (const key of Object.keys(object)) {
    const childPath = `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`;
    if (hasLoneSurrogate(key)) unsupported(childPath, 'a member name with a lone surrogate');
    const child: unknown = callGuarded(() => (object as Record<string, unknown>)[key], childPath);
    members.push([key, `${JSON.stringify(key)}:${serialize(child, childPath, depth + 1, ancestors)}`]);
  }
  // Distinct keys, so the comparison never answers 0; `<` compares strings by UTF-16 code units.
  members.sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${members.map(([, member]) => member).join(',')}}`;
}

function describeObject(object: object): string {
  if (object instanceof Number || object instanceof String || object instanceof Boolean) return 'a boxed primitive';
  if (object instanceof Map) return 'a Map';
  if (object instanceof Set) return 'a Set';
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return 'binary data';
  return 'a class instance';
}

function callGuarded(read: () => unknown, path: string): unknown {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof SignwireError) throw cause;
    throw new SignwireError('JSON_UNSUPPORTED', `reading the value at ${path} threw`, { cause });
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
