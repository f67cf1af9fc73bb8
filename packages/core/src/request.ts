/**
 * The plain request type core signs and verifies. Client and server convert Fetch requests into it
 * exactly once.
 */
import { TOKEN_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import type { HeadersInput } from './headers.js';
import { printable } from './headers.js';

/** A request as core sees it. */
export interface SignableRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The absolute URL (signer: any WHATWG-parsable URL; verifier: origin + raw request target). */
  readonly url: string | URL;
  /** The header fields. */
  readonly headers?: HeadersInput | undefined;
  /** The exact body bytes, or a string sent as UTF-8. Absent or empty means "no body". */
  readonly body?: Uint8Array | string | undefined;
}

const FETCH_NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * Normalizes a method as the Fetch standard does: the six standard methods are upper-cased,
 * everything else is kept as given (`patch` stays `patch`).
 *
 * @param method - the method.
 * @returns the method as it will be sent.
 * @throws SignwireError METHOD_INVALID when the method is not an HTTP token.
 */
export function normalizeMethod(method: string): string {
  if (typeof method !== 'string' || !TOKEN_PATTERN.test(method)) {
    throw new SignwireError('METHOD_INVALID', `the method "${printable(method)}" is not an HTTP token`);
  }
  const upper = method.toUpperCase();
  return FETCH_NORMALIZED_METHODS.has(upper) ? upper : method;
}
