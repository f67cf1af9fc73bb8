/**
 * Turning `fetch` arguments into one Fetch `Request` whose body can be read and signed.
 */
import { SignwireError } from '@signwire/core';
import { serializeTargetUrl } from '@signwire/core/internal';
import { canonicalizeJsonRequest } from './json-body.js';
import { resolveUrl } from './resolve-url.js';
import type { StreamBodies } from './stream-bodies.js';

/** How {@link toFetchRequest} treats bodies. */
export interface FetchInputSettings {
  /** How `ReadableStream` bodies are buffered; `undefined` refuses them. */
  readonly streams: StreamBodies | undefined;
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
  const effectiveInit = await bufferStreamBody(init, settings.streams);
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

async function bufferStreamBody(init: RequestInit | undefined, streams: StreamBodies | undefined): Promise<RequestInit | undefined> {
  const body = init?.body;
  if (typeof ReadableStream !== 'function' || !(body instanceof ReadableStream)) return init;
  if (streams === undefined) {
    throw new SignwireError(
      'BODY_NOT_BUFFERABLE',
      'a ReadableStream body must be buffered to be signed; opt in with createSignedFetch(signer, { streams: streamBodies(maxBytes) })',
    );
  }
  return { ...init, body: await streams.read(body) };
}
