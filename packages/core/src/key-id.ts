/**
 * Key id syntax (docs/spec.md §2) and the one message every entry point gives for a bad key id:
 * the signer's `keyId`, the verifier's key ring, a signed response and a received `keyid`.
 */
import { notAString } from './config-messages.js';
import { KEY_ID_PATTERN } from './constants.js';
import { printable } from './headers.js';

/** The rule as every key id message states it (the characters of {@link KEY_ID_PATTERN}). */
export const KEY_ID_RULE = 'a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -';

/**
 * Explains why a value is not a valid key id, naming the first character that is not allowed.
 *
 * @example
 * ```ts
 * describeKeyIdProblem('keyId', 'client 1');
 * // 'keyId "client 1" has " " (U+0020) at character 7; a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -'
 * describeKeyIdProblem('keyId', 'client-1'); // undefined
 * ```
 * @param name - how the caller names it (`keyId` for an option, `keyid` for the parameter).
 * @param keyId - the candidate.
 * @returns the message, or `undefined` when `keyId` matches {@link KEY_ID_PATTERN}.
 */
export function describeKeyIdProblem(name: string, keyId: unknown): string | undefined {
  if (typeof keyId !== 'string') return `${notAString(name, keyId)}; ${KEY_ID_RULE}`;
  if (KEY_ID_PATTERN.test(keyId)) return undefined;
  if (keyId === '') return `${name} is empty; ${KEY_ID_RULE}`;
  const shown = `${name} "${printable(keyId)}"`;
  let position = 0;
  for (const char of keyId) {
    position++;
    if (!KEY_ID_PATTERN.test(char)) return `${shown} has ${describeChar(char)} at character ${position}; ${KEY_ID_RULE}`;
  }
  return `${shown} is ${position} characters long; ${KEY_ID_RULE}`;
}

function describeChar(char: string): string {
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\x20-\x7e]$/.test(char) ? `"${char}" (${code})` : code;
}
