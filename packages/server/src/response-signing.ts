/**
 * Response signing settings (docs/spec.md §15.1, docs/server.md "Signed responses") and signing a
 * Fetch `Response`. The key and the answered request come from the verifier
 * (`verifier.responseSigner`); this module only decides what can be signed and buffers it.
 */
import { type ComponentInput, ConfigurationError, type SignableResponse, type SignedResponseParts } from '@signwire/core';

/** Options of response signing, per verifier (`signResponses`) or per route (adapter options). */
export interface ResponseSigningOptions {
  /**
   * Opt-in: buffer streamed bodies (Node `res.write()`, a Fastify stream payload, a Hono
   * `text/event-stream` response) up to {@link ResponseSigningOptions.maxBodyBytes} so they can be
   * signed. Without it a streamed response is sent unsigned (a client that requires signed responses
   * refuses it with SIGNATURE_MISSING).
   */
  readonly bufferStreams?: boolean | undefined;
  /** The largest body buffered for signing, bytes (default 1 MiB); a longer one fails the response. */
  readonly maxBodyBytes?: number | undefined;
  /** Extra response components to cover after the defaults, e.g. `['cache-control']`. */
  readonly components?: readonly ComponentInput[] | undefined;
}

/** `true` (defaults), `false` (off) or the options. */
export type ResponseSigningSetting = boolean | ResponseSigningOptions;

/** Response signing settings after validation. */
export interface ResolvedResponseSigning {
  /** Whether `text/event-stream` responses are buffered and signed (otherwise sent unsigned). */
  readonly bufferStreams: boolean;
  /** The largest response body that is buffered to be signed, bytes. */
  readonly maxBodyBytes: number;
  /** Extra response components covered after the defaults. */
  readonly components: readonly ComponentInput[];
}

/** The headers a response signature adds. */
export type ResponseSignatureHeaders = SignedResponseParts['headers'];

/** Signs one response for the request it answers (key, key id and request are already bound). */
export type ResponseSigner = (response: SignableResponse) => ResponseSignatureHeaders;

/** Default {@link ResponseSigningOptions.maxBodyBytes}: 1 MiB. */
export const DEFAULT_RESPONSE_BODY_BYTES = 1_048_576;

/**
 * Validates a response signing setting.
 *
 * @param setting - `true`, `false`, options, or `undefined` (off).
 * @returns the resolved settings, or `undefined` when signing is off.
 * @throws ConfigurationError CONFIGURATION_INVALID for a malformed setting.
 */
export function resolveResponseSigning(setting: ResponseSigningSetting | undefined): ResolvedResponseSigning | undefined {
  if (setting === undefined || setting === false) return undefined;
  const options: ResponseSigningOptions = setting === true ? {} : setting;
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'signResponses must be a boolean or an options object');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_RESPONSE_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'signResponses.maxBodyBytes must be a non-negative integer');
  }
  if (options.components !== undefined && !Array.isArray(options.components)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'signResponses.components must be an array');
  }
  return { bufferStreams: options.bufferStreams === true, maxBodyBytes, components: [...(options.components ?? [])] };
}

/**
 * The per-route setting if given, else the verifier's.
 *
 * @param route - the adapter option (`undefined`: inherit).
 * @param verifierDefault - the verifier's resolved setting.
 * @returns the effective settings, or `undefined` when off.
 */
export function effectiveResponseSigning(
  route: ResponseSigningSetting | undefined,
  verifierDefault: ResolvedResponseSigning | undefined,
): ResolvedResponseSigning | undefined {
  return route === undefined ? verifierDefault : resolveResponseSigning(route);
}

/**
 * A per-route setting resolved now (fail fast), combined with the verifier's setting when a request
 * comes (a verifier may be swapped behind a proxy object).
 *
 * @param route - the adapter option (`undefined`: inherit).
 * @returns a function giving the effective settings, or `undefined` when off.
 * @throws ConfigurationError CONFIGURATION_INVALID for a malformed setting.
 */
export function routeResponseSigning(
  route: ResponseSigningSetting | undefined,
): (verifierDefault: ResolvedResponseSigning | undefined) => ResolvedResponseSigning | undefined {
  const resolved = resolveResponseSigning(route);
  return (verifierDefault) => (route === undefined ? verifierDefault : resolved);
}

/**
 * Whether a response's body is a stream the application produced incrementally: for the Fetch API
 * every body is a stream, so only server-sent events count (they never end on their own).
 *
 * @param contentType - the response's `Content-Type`.
 * @returns true for `text/event-stream`.
 */
export function isEventStream(contentType: string | null | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

/**
 * Reads a Fetch body up to a limit.
 *
 * @param body - the stream, or null.
 * @param limit - the maximum number of bytes.
 * @returns the bytes.
 * @throws ConfigurationError CONFIGURATION_INVALID when the body is longer than `limit` (the stream is cancelled).
 */
export async function bufferFetchBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * The error for a response body over `signResponses.maxBodyBytes`.
 *
 * @param limit - the limit.
 * @returns a CONFIGURATION_INVALID error (a server-side problem: the response cannot be signed).
 */
export function tooLarge(limit: number): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_INVALID', `the response body is larger than signResponses.maxBodyBytes (${limit} bytes)`);
}

/**
 * Signs a Fetch `Response`: buffers its body (server-sent events only with `bufferStreams`) and
 * returns a new `Response` with the same status, fields and bytes plus `Signature-Input`,
 * `Signature` and `Content-Digest`. A `text/event-stream` response without `bufferStreams` is
 * returned unchanged (unsigned).
 *
 * @param sign - the signer from `verifier.responseSigner(...)`.
 * @param response - the response the application produced (consumed when signed).
 * @param settings - the effective settings.
 * @returns the signed response.
 * @throws SignwireError HEADER_FORBIDDEN (the response already has signature fields) or CONFIGURATION_INVALID.
 */
export async function signFetchResponse(sign: ResponseSigner, response: Response, settings: ResolvedResponseSigning): Promise<Response> {
  if (isEventStream(response.headers.get('content-type')) && !settings.bufferStreams) return response;
  const body = await bufferFetchBody(response.body, settings.maxBodyBytes);
  const headers = new Headers(response.headers);
  const lines: [string, string][] = [];
  headers.forEach((value, name) => {
    lines.push([name, value]);
  });
  const signature = sign({ status: response.status, headers: lines, body });
  for (const [name, value] of Object.entries(signature)) headers.set(name, value);
  headers.delete('content-length');
  return new Response(body.length === 0 ? null : body, { status: response.status, statusText: response.statusText, headers });
}
