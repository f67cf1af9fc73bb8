/**
 * The request target as received (docs/spec.md §4.2): origin-form only, so that the URL the
 * signature base is built from is the one the client signed.
 */
import { VerificationError } from '@signwire/core';

/** `/` then visible ASCII without `#`. */
const ORIGIN_FORM = /^\/[\x21-\x22\x24-\x7e]*$/;

/**
 * Checks that a raw request target is origin-form.
 *
 * @param target - the request target as received (`/path?query`).
 * @throws VerificationError URL_INVALID for any other form (absolute, `*`, a fragment, spaces, non-ASCII).
 */
export function checkRequestTarget(target: string): void {
  if (!ORIGIN_FORM.test(target)) {
    throw new VerificationError('URL_INVALID', 'the request target must be origin-form visible ASCII without a fragment');
  }
}
