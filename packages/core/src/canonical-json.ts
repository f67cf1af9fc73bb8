/**
 * RFC 8785 (JCS) canonical JSON.
 *
 * The value is first normalized into a plain tree (null, booleans, finite numbers, strings without
 * lone surrogates, arrays without holes, plain objects), applying `toJSON` once, within a depth
 * limit. Everything else is a `JSON_UNSUPPORTED` error. `canonicalize@4` then serializes that tree;
 * this guard covers what version 4 gets wrong on its own (stack overflow on deep nesting, invalid
 * output for functions, sparse arrays and `toJSON` returning undefined, boxed primitives as `{}`).
 */
import canonicalize from 'canonicalize';
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
  return atBoundary('JSON_UNSUPPORTED', 'the JSON value', () => canonicalize(toPlainJson(value, '$', 0, new Set())) as string);
}

function unsupported(path: string, what: string): never {
  throw new SignwireError('JSON_UNSUPPORTED', `${what} at ${path} cannot be represented in RFC 8785 JSON`);
}

function toPlainJson(value: unknown, path: string, depth: number, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) unsupported(path, 'a string with a lone surrogate');
      return value;
    case 'number':
      if (!Number.isFinite(value)) unsupported(path, String(value));
      return value;
    case 'boolean':
      return value;
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
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) unsupported(path, 'a cycle');
  if (depth >= MAX_JSON_DEPTH) unsupported(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const replaced: unknown = callGuarded(() => toJSON.call(object, ''), path);
    if (replaced === undefined) unsupported(path, 'toJSON() returning undefined');
    ancestors.add(object);
    const result = toPlainJson(replaced, path, depth, ancestors);
    ancestors.delete(object);
    return result;
  }
  ancestors.add(object);
  const result = Array.isArray(object) ? arrayToPlain(object, path, depth, ancestors) : objectToPlain(object, path, depth, ancestors);
  ancestors.delete(object);
  return result;
}

function arrayToPlain(array: unknown[], path: string, depth: number, ancestors: Set<object>): JsonValue[] {
  const out: JsonValue[] = [];
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) unsupported(`${path}[${i}]`, 'a sparse array hole');
    out.push(toPlainJson(array[i], `${path}[${i}]`, depth + 1, ancestors));
  }
  return out;
}

function objectToPlain(object: object, path: string, depth: number, ancestors: Set<object>): JsonValue {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    const name = describeObject(object);
    unsupported(path, `${name} (only plain objects and arrays are JSON)`);
  }
  if (Object.getOwnPropertySymbols(object).some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
    unsupported(path, 'a symbol-keyed property');
  }
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(object)) {
    const childPath = `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`;
    if (hasLoneSurrogate(key)) unsupported(childPath, 'a member name with a lone surrogate');
    const child: unknown = callGuarded(() => (object as Record<string, unknown>)[key], childPath);
    Object.defineProperty(out, key, {
      value: toPlainJson(child, childPath, depth + 1, ancestors),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
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
