/**
 * Plain request objects (`{ method, url, headers, body }`) and their conversion into what core signs.
 */
import { ConfigurationError, type HeadersInput, type SignableRequest, SignwireError } from '@signwire/core';
import { resolveUrl } from './resolve-url.js';

/** A body the signer can read synchronously: text (sent as UTF-8) or bytes. */
export type BytesBody = string | ArrayBuffer | ArrayBufferView;

/** A request as a plain object, for code that does not use Fetch `Request` objects. */
export interface PlainRequest {
  /** The HTTP method (the six Fetch methods are upper-cased, others kept as given). */
  readonly method: string;
  /** An absolute `http(s)` URL; in a browser a relative URL resolves against `location`. */
  readonly url: string | URL;
  /** The header fields that will be sent. */
  readonly headers?: HeadersInput | undefined;
  /** The exact body that will be sent: a string (UTF-8) or bytes. */
  readonly body?: BytesBody | null | undefined;
}

/**
 * Converts a body given as text or bytes into core's body type, without copying bytes.
 *
 * @param body - the body.
 * @returns a string, a `Uint8Array` view, or `undefined` for no body.
 * @throws SignwireError BODY_NOT_BUFFERABLE for anything else (Blob, FormData, streams, …).
 */
export function toBodyBytes(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new SignwireError(
    'BODY_NOT_BUFFERABLE',
    'a plain request body must be a string or bytes; sign a Fetch Request (signer.sign / signRequest) or use createSignedFetch for Blob, FormData, URLSearchParams and streams',
  );
}

/**
 * Converts a plain request into core's `SignableRequest`.
 *
 * @param request - the plain request.
 * @returns the request with an absolute URL and its body as text or bytes.
 * @throws SignwireError URL_INVALID, BODY_NOT_BUFFERABLE or CONFIGURATION_INVALID (not an object).
 */
export function fromPlainRequest(request: PlainRequest): SignableRequest {
  if (request === null || typeof request !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the request must be a Fetch Request or { method, url, headers, body }');
  }
  return { method: request.method, url: urlForSigner(request.url), headers: request.headers, body: toBodyBytes(request.body) };
}

/**
 * The URL resolved against the page (see `resolveUrl`), or, when it cannot be, the URL as given: core's
 * signer then refuses it with URL_INVALID in the order of docs/spec.md §8 (after the parameters and the
 * method), as it refuses anything `resolveUrl` refuses.
 */
function urlForSigner(url: string | URL): string | URL {
  try {
    return resolveUrl(url);
  } catch (error) {
    if (error instanceof SignwireError && error.code === 'URL_INVALID') return url;
    throw error;
  }
}
