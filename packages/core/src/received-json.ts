/**
 * The JSON body of a received request (docs/spec.md §9 step 12): parsed once from the verified
 * bytes, and refused when it is not JSON, when an object repeats a member name, or (by default)
 * when a member could reach an object's prototype in the application.
 */
import { VerificationError } from './errors.js';
import { type FieldLines, isFieldNamed } from './headers.js';
import { provesNoMemberProblem } from './json-member-count.js';
import { findMemberProblem } from './json-members.js';

/**
 * The media type before any `;` parameters, case-insensitive (ASCII), spaces and tabs around it
 * allowed: `application/json` or `application/<anything>+json`.
 */
const JSON_MEDIA_TYPE = /^[ \t]*application\/(?:[^;]*\+)?json[ \t]*(?:;|$)/i;

/**
 * Whether a `Content-Type` value names JSON (`application/json` or any `+json` type).
 *
 * @param contentType - the field value, if any.
 * @returns true for JSON media types.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType);
}

/**
 * Whether the received fields declare a content coding: a `Content-Encoding` field whose codings are
 * not all `identity` (RFC 9110 §8.4.1: `identity` means no coding). Such a body is not JSON text as
 * received, so step 12 does not parse it (docs/spec.md §9 step 12).
 *
 * @param fields - the received field lines.
 * @returns true when the body bytes are coded (gzip, br, deflate, …).
 */
export function hasContentCoding(fields: FieldLines): boolean {
  for (const [name, value] of fields) {
    if (!isFieldNamed(name, 'content-encoding')) continue;
    for (const coding of value.split(',')) {
      const token = coding.trim().toLowerCase();
      if (token !== '' && token !== 'identity') return true;
    }
  }
  return false;
}

/**
 * The one `Content-Type` value of the received fields.
 *
 * @param fields - the received field lines.
 * @returns the value, or `undefined` when there is none or more than one (two lines could name two
 * media types: the body is then handed over as bytes only).
 */
export function singleContentType(fields: FieldLines): string | undefined {
  let found: string | undefined;
  let count = 0;
  for (const [name, value] of fields) {
    if (isFieldNamed(name, 'content-type')) {
      found = value;
      count++;
    }
  }
  return count === 1 ? found : undefined;
}

/**
 * Decoding keeps no state between calls (no `stream` option), so one decoder serves every request.
 * A leading byte order mark is dropped (RFC 8259 §8.1 lets a parser ignore it).
 */
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the body when the request declares JSON and has a body.
 *
 * @param contentType - the request's one `Content-Type` (`undefined` when it has none or several).
 * @param body - the verified body bytes.
 * @param allowPrototypeMembers - accept members named `__proto__`, and `prototype` members of a
 * `constructor` member's object (refused by default).
 * @returns the parsed value, or `undefined` when the request is not JSON or has no body.
 * @throws VerificationError JSON_UNSUPPORTED when the body is declared JSON but is not UTF-8 JSON;
 * JSON_DUPLICATE_MEMBER when an object in it has two members of the same name; JSON_PROTOTYPE_MEMBER
 * for a prototype member, unless `allowPrototypeMembers`.
 */
export function parseReceivedJson(contentType: string | undefined, body: Uint8Array, allowPrototypeMembers: boolean): unknown {
  if (body.length === 0 || !isJsonContentType(contentType)) return undefined;
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(body);
    value = JSON.parse(text);
  } catch (cause) {
    throw new VerificationError('JSON_UNSUPPORTED', 'the body is declared as JSON but is not valid UTF-8 JSON', { cause });
  }
  // The parsed value and two counts prove most bodies sound; the exact scan runs only when they do
  // not, to find the problem and where it is (json-member-count.ts explains why that is enough).
  const problem = provesNoMemberProblem(text, value, allowPrototypeMembers) ? undefined : findMemberProblem(text, allowPrototypeMembers);
  if (problem?.kind === 'duplicate') {
    throw new VerificationError(
      'JSON_DUPLICATE_MEMBER',
      `an object in the JSON body has two members with the same name (the second at character ${problem.offset} of the body text); ` +
        'JSON parsers disagree on which one counts, so each name may occur once per object (I-JSON, RFC 7493 §2.3)',
    );
  }
  if (problem !== undefined) {
    throw new VerificationError(
      'JSON_PROTOTYPE_MEMBER',
      `the JSON body has a member named __proto__, or a prototype member in a constructor member (at character ${problem.offset} ` +
        'of the body text), which can change object prototypes where the application merges it; the verifier option ' +
        'allowJsonPrototypeMembers accepts them',
    );
  }
  return value;
}
