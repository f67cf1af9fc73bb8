/**
 * Turning `fetch` arguments into one Fetch `Request` whose body can be read and signed.
 */
import { SignwireError } from '@signwire/core';
import { serializeTargetUrl } from '@signwire/core/internal';
import { canonicalizeJsonRequest } from './json-body.js';
import { readStream } from './request-body.js';
import { resolveUrl } from './resolve-url.js';

/** How {@link toFetchRequest} treats bodies. */
export interface FetchInputSettings {
  /** Buffer `ReadableStream` bodies up to this many bytes; `undefined` refuses them. */
  readonly maxStreamBytes: number | undefined;
  /** Re-serialize JSON bodies (by `Content-Type`) in RFC 8785 form. */
  readonly canonicalizeJson: boolean;
}

/**
 * Builds the `Request` that `fetch(input, init)` would send, with a buffered body.
 *
 * @param input - a URL (relative URLs resolve against `globalThis.location`) or a `Request`.
 * @param init - the `fetch` init.
 * @param settings - stream and JSON settings.
 * @returns the request.
 * @throws SignwireError URL_INVALID, BODY_NOT_BUFFERABLE or JSON_UNSUPPORTED; TypeError where `fetch`
 * itself would reject the arguments (e.g. a GET with a body).
 */
export async function toFetchRequest(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  settings: FetchInputSettings,
): Promise<Request> {
  const effectiveInit = await bufferStreamBody(init, settings.maxStreamBytes);
  const request = isFetchRequest(input)
    ? effectiveInit === undefined
      ? input
      : new Request(input, effectiveInit)
    : new Request(serializeTargetUrl(resolveUrl(input)), effectiveInit); // as fetch sends it: no fragment
  return settings.canonicalizeJson ? canonicalizeJsonRequest(request) : request;
}

/**
 * Whether a value is a Fetch `Request`.
 *
 * @param value - anything.
 * @returns true for a `Request`.
 */
export function isFetchRequest(value: unknown): value is Request {
  return typeof Request === 'function' && value instanceof Request;
}

async function bufferStreamBody(init: RequestInit | undefined, maxStreamBytes: number | undefined): Promise<RequestInit | undefined> {
  const body = init?.body;
  if (typeof ReadableStream !== 'function' || !(body instanceof ReadableStream)) return init;
  if (maxStreamBytes === undefined) {
    throw new SignwireError(
      'BODY_NOT_BUFFERABLE',
      'a ReadableStream body must be buffered to be signed; opt in with createSignedFetch(signer, { maxStreamBytes })',
    );
  }
  return { ...init, body: await readStream(body, maxStreamBytes) };
}
