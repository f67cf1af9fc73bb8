/**
 * The key id of an issued key (docs/spec.md §16.2): `swk1:<master id>:<subject>:<issued at>:<expires>`,
 * written and read back, with messages that name the field and the first character that is wrong.
 */
import { notAString } from './config-messages.js';
import { atBoundary, ConfigurationError } from './errors.js';
import { printable } from './headers.js';

/** The prefix of every issued key id. A key id that starts with it is issued or unknown (§16.2). */
export const ISSUED_KEY_PREFIX = 'swk1:';

/** What an issued key id says (docs/spec.md §16.2). */
export interface IssuedKeyFields {
  /** The id of the master the key is derived from (1–16 characters of the id alphabet). */
  readonly masterId: string;
  /** Whom the key was issued to (1–64 characters of the id alphabet; sent in clear). */
  readonly subject: string;
  /** When it was issued, Unix seconds (at most 12 digits). */
  readonly issuedAt: number;
  /** When it stops being valid, Unix seconds, later than `issuedAt` (at most 12 digits). */
  readonly expires: number;
}

/** The characters of a master id and a subject: a key id's characters without `:`. */
const ID_ALPHABET = 'A–Z a–z 0–9 . _ ~ / + = @ -';
const ID_CHAR = /^[A-Za-z0-9._~/+=@-]$/;
/** §16.2: `swk1:` master-id `:` subject `:` issued-at `:` expires. */
const ISSUED_KEY_ID = /^swk1:([A-Za-z0-9._~/+=@-]{1,16}):([A-Za-z0-9._~/+=@-]{1,64}):(0|[1-9][0-9]{0,11}):(0|[1-9][0-9]{0,11})$/;
/** The largest time a key id can hold: 12 digits. */
const MAX_TIME = 999_999_999_999;

/**
 * Explains why a master id or subject is not one, naming the first character that is not allowed.
 *
 * @example
 * ```ts
 * describeIssuedKeyFieldProblem('subject', 'auth0|42', 64);
 * // 'subject "auth0|42" has "|" (U+007C) at character 6; a subject is 1–64 characters of A–Z a–z 0–9 . _ ~ / + = @ -'
 * ```
 * @param name - `subject` or `master id`.
 * @param value - the candidate.
 * @param maxLength - 64 for a subject, 16 for a master id.
 * @returns the message, or `undefined` when `value` is valid.
 */
export function describeIssuedKeyFieldProblem(name: string, value: unknown, maxLength: number): string | undefined {
  const rule = `a ${name} is 1–${maxLength} characters of ${ID_ALPHABET}`;
  if (typeof value !== 'string') return `${notAString(name, value)}; ${rule}`;
  if (value === '') return `the ${name} is empty; ${rule}`;
  let position = 0;
  for (const char of value) {
    position++;
    if (!ID_CHAR.test(char)) {
      const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      const shown = /^[\x20-\x7e]$/.test(char) ? `"${char}" (${code})` : code;
      return `${name} "${printable(value.slice(0, 80))}" has ${shown} at character ${position}; ${rule}`;
    }
  }
  return position > maxLength ? `the ${name} is ${position} characters long; ${rule}` : undefined;
}

/**
 * Writes an issued key id.
 *
 * @example
 * ```ts
 * formatIssuedKeyId({ masterId: 'm2026', subject: 'user-8412', issuedAt: 1700000000, expires: 1700000900 });
 * // 'swk1:m2026:user-8412:1700000000:1700000900'
 * ```
 * @param fields - master id, subject and times.
 * @returns the key id (at most 112 characters).
 * @throws ConfigurationError CONFIGURATION_INVALID when a field is outside the grammar of §16.2.
 */
export function formatIssuedKeyId(fields: IssuedKeyFields): string {
  return atBoundary('CONFIGURATION_INVALID', 'the issued key id fields', () => formatChecked(fields));
}

function formatChecked(fields: IssuedKeyFields): string {
  if (fields === null || typeof fields !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'an issued key id needs { masterId, subject, issuedAt, expires }');
  }
  const { masterId, subject, issuedAt, expires } = fields;
  const problem = describeIssuedKeyFieldProblem('master id', masterId, 16) ?? describeIssuedKeyFieldProblem('subject', subject, 64);
  if (problem !== undefined) throw new ConfigurationError('CONFIGURATION_INVALID', problem);
  for (const [name, time] of [
    ['issuedAt', issuedAt],
    ['expires', expires],
  ] as const) {
    if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIME) {
      throw new ConfigurationError('CONFIGURATION_INVALID', `${name} must be whole Unix seconds from 0 to ${MAX_TIME} (12 digits)`);
    }
  }
  if (expires <= issuedAt) {
    throw new ConfigurationError('CONFIGURATION_INVALID', `expires (${expires}) must be later than issuedAt (${issuedAt})`);
  }
  return `${ISSUED_KEY_PREFIX}${masterId}:${subject}:${issuedAt}:${expires}`;
}

/**
 * Reads an issued key id.
 *
 * @param keyId - a `keyid` as received.
 * @returns its fields, or `undefined` when it does not match §16.2 (or `issuedAt >= expires`).
 */
export function parseIssuedKeyId(keyId: string): IssuedKeyFields | undefined {
  const match = typeof keyId === 'string' ? ISSUED_KEY_ID.exec(keyId) : null;
  if (match === null) return undefined;
  const [, masterId = '', subject = '', issuedAt = '', expires = ''] = match;
  const fields = { masterId, subject, issuedAt: Number(issuedAt), expires: Number(expires) };
  return fields.issuedAt < fields.expires ? fields : undefined;
}
