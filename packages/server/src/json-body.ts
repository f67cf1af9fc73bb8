/**
 * The parsed JSON body handed to the application: parsed once from the verified bytes, never
 * re-serialized.
 */
import { type FieldLines, VerificationError } from '@signwire/core';

/**
 * The media type before any `;` parameters, case-insensitive, surrounding whitespace allowed:
 * `application/json` or `application/<anything>+json`. One regular expression test instead of
 * split, trim and lower-case copies (a few µs per request on an Express server).
 */
const JSON_MEDIA_TYPE = /^\s*application\/(?:[^;]*\+)?json\s*(?:;|$)/i;

/**
 * Whether a `Content-Type` value names JSON (`application/json` or any `+json` type).
 *
 * @param contentType - the field value, if any.
 * @returns true for JSON media types.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType);
}

/** The one `Content-Type` value, or `undefined` when there is none or more than one. */
function singleContentType(fields: FieldLines): string | undefined {
  let found: string | undefined;
  let count = 0;
  for (const [name, value] of fields) {
    if (name.length === 12 && name.toLowerCase() === 'content-type') {
      found = value;
      count++;
    }
  }
  return count === 1 ? found : undefined;
}

/** Decoding keeps no state between calls (no `stream` option), so one decoder serves every request. */
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the body when the request declares JSON and has a body.
 *
 * @param fields - the received fields.
 * @param body - the verified body bytes.
 * @returns the parsed value, or `undefined` when the request is not JSON or has no body.
 * @throws VerificationError JSON_UNSUPPORTED when the body is declared JSON but is not valid UTF-8 JSON.
 */
export function parseJsonBody(fields: FieldLines, body: Uint8Array): unknown {
  if (body.length === 0 || !isJsonContentType(singleContentType(fields))) return undefined;
  try {
    return JSON.parse(decoder.decode(body)) as unknown;
  } catch (cause) {
    throw new VerificationError('JSON_UNSUPPORTED', 'the body is declared as JSON but is not valid UTF-8 JSON', { cause });
  }
}
