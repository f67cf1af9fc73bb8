/**
 * A request checked and reduced to what a signature base needs, before any hashing (docs/spec.md §8
 * steps 2–4): the timing, the method, the URL, the fields and the body.
 */
import { asBytes, utf8 } from './bytes.js';
import { ConfigurationError, SignwireError } from './errors.js';
import { assertFieldNames, type FieldLines, fieldValues, toFieldLines } from './headers.js';
import { normalizeMethod, type SignableRequest } from './request.js';
import type { SignatureTiming } from './request-signer.js';
import { SIGNER_MANAGED_FIELDS } from './signature-fields.js';
import { assertTiming } from './signature-params.js';
import { resolveTargetUrl, type TargetParts } from './target-uri.js';

/**
 * A request checked and reduced to what the signature base needs, before any hashing. The timing is
 * copied out of the caller's object once, so the values checked are the values signed.
 */
export interface PreparedRequest {
  /** The timing as checked. */
  readonly timing: SignatureTiming;
  /** The method as sent (Fetch-normalized). */
  readonly method: string;
  /** The URL as sent (WHATWG-serialized, without fragment). */
  readonly url: string;
  /** The parts of the URL components are derived from. */
  readonly target: TargetParts;
  /** The header fields, in order. */
  readonly fields: FieldLines;
  /** The body bytes, or `undefined` for no body (an empty body is none). */
  readonly body: Uint8Array | undefined;
}

/**
 * Checks a request and its timing as spec §8 steps 1 (parameters) to 4 (body) do, before any hashing.
 *
 * @param request - the request to sign.
 * @param timing - `created`, `nonce`, optional `expires` and body digest.
 * @returns the checked request, with its own copy of the timing.
 * @throws SignwireError PARAMETER_INVALID, METHOD_INVALID, URL_INVALID, HEADER_INVALID, HEADER_FORBIDDEN,
 * BODY_NOT_BUFFERABLE or CONFIGURATION_INVALID.
 */
export function prepareRequest(request: SignableRequest, timing: SignatureTiming): PreparedRequest {
  if (request === null || typeof request !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the request must be { method, url, headers, body }');
  }
  if (timing === null || typeof timing !== 'object')
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the timing must be { created, nonce }');
  const { created, expires, nonce, bodySha256 } = timing;
  assertTiming(created, expires, nonce);
  const method = normalizeMethod(request.method);
  const { url, target } = resolveTargetUrl(request.url);
  const fields = toFieldLines(request.headers);
  assertFieldNames(fields);
  for (const name of SIGNER_MANAGED_FIELDS) {
    if (fieldValues(fields, name).length > 0) {
      throw new SignwireError('HEADER_FORBIDDEN', `the request already has a ${name} field; the signer sets it`);
    }
  }
  return { timing: { created, expires, nonce, bodySha256 }, method, url, target, fields, body: toBodyBytes(request.body) };
}

function toBodyBytes(body: Uint8Array | string | undefined): Uint8Array | undefined {
  if (body === undefined) return undefined;
  const bytes = typeof body === 'string' ? utf8(body) : asBytes(body);
  if (bytes === undefined) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body must be bytes or a string');
  return bytes.length === 0 ? undefined : bytes;
}
