/**
 * The one `Content-Type` of a received request, the field every body hand-over (JSON, forms) is
 * decided by.
 */
import type { FieldLines } from '@signwire/core';

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
    if (name.length === 12 && name.toLowerCase() === 'content-type') {
      found = value;
      count++;
    }
  }
  return count === 1 ? found : undefined;
}
