/**
 * `createSignedFetch`: a drop-in `fetch` that signs every request before sending it.
 */
import { ConfigurationError, canonicalJson, type SignwireError } from '@signwire/core';
import type { Signer } from './create-signer.js';
import { isFetchRequest, toFetchRequest } from './fetch-input.js';
import type { StreamBodies } from './stream-bodies.js';

/** The function that sends the signed request (default: `globalThis.fetch`, looked up per call). */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * Sends a signed request and checks its answer; create one with `verifySignedResponses` from
 * `@signwire/client/responses` (kept out of the base bundle).
 */
export type ResponseHandler = (request: Request, signer: Signer, send: FetchLike) => Promise<Response>;

/** Options of {@link createSignedFetch}. */
export interface SignedFetchOptions {
  /** Sends the signed `Request` (default `globalThis.fetch`). */
  readonly fetch?: FetchLike | undefined;
  /**
   * Opt-in: buffer `ReadableStream` bodies so they can be signed, `streamBodies(maxBytes)`. Without it
   * a stream body fails with BODY_NOT_BUFFERABLE.
   */
  readonly streams?: StreamBodies | undefined;
  /**
   * Opt-in: re-serialize bodies whose `Content-Type` is JSON in RFC 8785 canonical form before
   * signing. By default a JSON string is sent exactly as given (and its bytes are what is signed).
   */
  readonly canonicalizeJson?: boolean | undefined;
  /** Require signed responses: `verifySignedResponses({ secret })` from `@signwire/client/responses`. */
  readonly responses?: ResponseHandler | undefined;
}

/** A `fetch` that signs, plus a JSON shortcut. Assignable to `typeof fetch`. */
export interface SignedFetch {
  /**
   * Signs and sends a request, with `fetch`'s signature.
   *
   * @param input - a URL (relative URLs resolve against `location` in a browser) or a `Request`.
   * @param init - the usual `fetch` init; every `BodyInit` is supported (streams need `streams`).
   * @returns the response.
   */
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Sends `value` as RFC 8785 canonical JSON (`content-type: application/json` unless `init` sets one;
   * method `POST` unless `init` sets one).
   *
   * @param input - the URL or `Request`.
   * @param value - a JSON-compatible value.
   * @param init - further `fetch` options.
   * @returns the response.
   */
  json(input: RequestInfo | URL, value: unknown, init?: RequestInit): Promise<Response>;
}

/**
 * Wraps `fetch` so that each request is signed by `signer` before it is sent. All errors are
 * `SignwireError`s with a stable code and happen before anything is sent.
 *
 * With a signer whose keys come from `credentials`, a `401` whose `error.code` is KEY_RETIRED,
 * KEY_UNKNOWN or KEY_REVOKED makes it fetch new credentials and send the request once more, signed
 * anew: the verifier refused it before the application saw it, so sending it again is safe. There
 * is never a second retry; the second answer is returned as it is.
 *
 * @example
 * ```ts
 * const signedFetch = createSignedFetch(createSigner({ keyId, secret: { base64url: secret } }));
 * const response = await signedFetch('/api/orders', { method: 'POST', body: new FormData(form) });
 * ```
 * @param signer - a signer from `createSigner`.
 * @param options - the underlying fetch, body options and response verification.
 * @returns a signing `fetch`.
 * @throws SignwireError CONFIGURATION_INVALID for invalid options, and for `responses` with a
 * credentials signer (responses are verified with one fixed secret).
 */
export function createSignedFetch(signer: Signer, options: SignedFetchOptions = {}): SignedFetch {
  if (typeof signer?.signRequest !== 'function') throw invalid('createSignedFetch needs a signer from createSigner()');
  const { fetch: send = (request: Request) => globalThis.fetch(request), streams, canonicalizeJson = false, responses } = options;
  if (typeof send !== 'function') throw invalid('options.fetch must be a function');
  if (streams !== undefined && !(Number.isSafeInteger(streams?.maxBytes) && streams.maxBytes >= 0 && typeof streams.read === 'function')) {
    throw invalid('options.streams must be streamBodies(maxBytes), with maxBytes a non-negative whole number of bytes');
  }
  if (responses !== undefined && signer.hasCredentials) {
    throw invalid('options.responses needs one fixed secret: not with credentials');
  }
  const settings = { streams, canonicalizeJson: canonicalizeJson === true };
  const signedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = await toFetchRequest(input, init, settings);
    if (responses) return responses(request, signer, send);
    if (signer.hasCredentials !== true) return send(await signer.signRequest(request));
    // A copy for the one retry, taken before signing (see responses.ts), re-wrapped as a global Request.
    const spare = new Request(request.clone());
    const signed = await signer.signRequest(request);
    const response = await send(signed);
    return (await signer.dropRefusedCredentials(signed, response)) ? send(await signer.signRequest(spare)) : response;
  };
  const json = async (input: RequestInfo | URL, value: unknown, init?: RequestInit): Promise<Response> => {
    const body = canonicalJson(value);
    const headers = new Headers(init?.headers ?? (isFetchRequest(input) ? input.headers : undefined));
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return signedFetch(input, { ...init, method: init?.method ?? jsonMethod(input), headers, body });
  };
  return Object.assign(signedFetch, { json });
}

function jsonMethod(input: RequestInfo | URL): string {
  return isFetchRequest(input) && input.method !== 'GET' && input.method !== 'HEAD' ? input.method : 'POST';
}

function invalid(message: string): SignwireError {
  return new ConfigurationError('CONFIGURATION_INVALID', message);
}
