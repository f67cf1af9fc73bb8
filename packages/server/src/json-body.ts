/**
 * The parsed JSON body handed to the application: parsed once from the verified bytes, never
 * re-serialized.
 */
import { type FieldLines, VerificationError } from '@signwire/core';

/**
 * Whether a `Content-Type` value names JSON (`application/json` or any `+json` type).
 *
 * @param contentType - the field value, if any.
 * @returns true for JSON media types.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
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
  const contentTypes = fields.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value);
  if (body.length === 0 || contentTypes.length !== 1 || !isJsonContentType(contentTypes[0])) return undefined;
  try {
    return JSON.parse(decoder.decode(body)) as unknown;
  } catch (cause) {
    throw new VerificationError('JSON_UNSUPPORTED', 'the body is declared as JSON but is not valid UTF-8 JSON', { cause });
  }
}
