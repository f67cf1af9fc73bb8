/**
 * The parsed JSON body handed to the application: parsed once from the verified bytes, never
 * re-serialized.
 */
import { VerificationError } from '@signwire/core';

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

/** Decoding keeps no state between calls (no `stream` option), so one decoder serves every request. */
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the body when the request declares JSON and has a body.
 *
 * @param contentType - the request's one `Content-Type` (`undefined` when it has none or several).
 * @param body - the verified body bytes.
 * @returns the parsed value, or `undefined` when the request is not JSON or has no body.
 * @throws VerificationError JSON_UNSUPPORTED when the body is declared JSON but is not valid UTF-8 JSON.
 */
export function parseJsonBody(contentType: string | undefined, body: Uint8Array): unknown {
  if (body.length === 0 || !isJsonContentType(contentType)) return undefined;
  try {
    return JSON.parse(decoder.decode(body)) as unknown;
  } catch (cause) {
    throw new VerificationError('JSON_UNSUPPORTED', 'the body is declared as JSON but is not valid UTF-8 JSON', { cause });
  }
}
