/**
 * Building the signed Fetch `Request`: the original request with the signature headers and exactly
 * the body bytes that were signed.
 */
import { ConfigurationError } from '@signwire/core';
import type { BodyBytes } from './request-body.js';

/**
 * Returns a new `Request` like `request`, with `headers` added and `body` as its body. The body is
 * given as bytes, so no `duplex` option is ever needed and the bytes sent are the bytes signed.
 *
 * @param request - the request that was signed (not consumed).
 * @param headers - the signature headers.
 * @param body - the signed body bytes, or `undefined` for no body.
 * @returns the signed request.
 * @throws SignwireError CONFIGURATION_INVALID when the request's mode drops the headers (`no-cors`).
 */
export function withSignatureHeaders(request: Request, headers: Readonly<Record<string, string>>, body: BodyBytes | undefined): Request {
  const merged = new Headers(request.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  const signed = new Request(request, { headers: merged, ...(body === undefined ? {} : { body }) });
  for (const [name, value] of Object.entries(headers)) {
    if (signed.headers.get(name) !== value) {
      throw new ConfigurationError(
        'CONFIGURATION_INVALID',
        `the request cannot carry the ${name} header (a mode: 'no-cors' request drops it); use mode 'cors' or 'same-origin'`,
      );
    }
  }
  return signed;
}
