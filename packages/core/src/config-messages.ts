/**
 * Words for configuration errors: what kind of value was given instead of the one expected, and
 * what a missing value most often means. Shared so that the signer, the verifier's key ring and
 * `importSecret` explain the same mistake the same way. Never describes a value's content.
 */

/**
 * The question added when a configured string is `undefined` or empty: the usual cause is
 * `process.env.X` with `X` unset or set to nothing.
 *
 * @param state - `unset` or `empty`.
 * @returns the question, without parentheses.
 */
export function variableHint(state: 'unset' | 'empty'): string {
  return `is the environment variable that should hold it ${state}?`;
}

/**
 * Names the kind of a value that should have been a string, without showing the value itself (it
 * may be secret material).
 *
 * @param value - anything.
 * @returns `undefined`, `null`, `bytes`, `an array`, `an object`, `a number`, …
 */
export function kindOf(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return 'bytes';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/**
 * "`<name>` is undefined, not a string (is the environment variable …?)" and the like.
 *
 * @param name - how the caller names the option, e.g. `keyId`.
 * @param value - the value, which is not a string.
 * @returns the phrase, with the unset-variable hint when `value` is `undefined`.
 */
export function notAString(name: string, value: unknown): string {
  return `${name} is ${kindOf(value)}, not a string${value === undefined ? ` (${variableHint('unset')})` : ''}`;
}
