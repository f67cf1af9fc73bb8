/**
 * `@signwire/server/fetch`: a wrapper for any Fetch handler, `(request) => Response`: Bun.serve,
 * Deno.serve, Cloudflare Workers, Next.js route handlers, `@hono/node-server`'s `serve`. It verifies
 * the request, answers rejections, adds CORS and signs responses like the other adapters, and calls
 * the handler with a new `Request` carrying the verified bytes and `request.signwire`.
 *
 * @module @signwire/server/fetch
 */
import { isSignwireError, type SignwireError } from '@signwire/core';
import { type CorsOptions, corsHeaders, isPreflight, type ResolvedCors, resolveCors } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { closesConnection, errorResponse } from '../error-response.js';
import { type ResponseSigningSetting, routeResponseSigning, signFetchResponse } from '../response-signing.js';
import type { VerifiedRequest, VerifyContext } from '../verifier-types.js';

/** The request a wrapped handler receives: the verified bytes as its body, and the verified result. */
export type SignwireRequest = Request & {
  /** The verified request: key id, covered components, the exact body bytes, `json` and `form`. */
  readonly signwire: VerifiedRequest;
};

/**
 * A Fetch handler that runs only for verified requests. `rest` are the runtime's other arguments,
 * passed through unchanged (Bun's `server`, Deno's `info`, a Worker's `env` and `ctx`, a Next.js
 * route's `{ params }`).
 */
export type VerifiedFetchHandler<Rest extends unknown[]> = (request: SignwireRequest, ...rest: Rest) => Response | Promise<Response>;

/** What {@link withSignwire} returns: a Fetch handler with the runtime's own arguments. */
export type FetchHandler<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Promise<Response>;

/** Options of {@link withSignwire}. */
export interface FetchSignwireOptions<Rest extends unknown[]> {
  /** Answer CORS preflights and add CORS headers to responses (see docs/server.md). */
  readonly cors?: CorsOptions | undefined;
  /**
   * Sign responses of the wrapped handler (default: the verifier's `signResponses`). Bodies are
   * buffered up to `maxBodyBytes`; `text/event-stream` only with `bufferStreams`.
   */
  readonly signResponses?: ResponseSigningSetting | undefined;
  /**
   * The raw request target and peer address, from the runtime's other arguments: for example
   * `(request, info) => ({ remoteAddress: info.remoteAddr.hostname })` on Deno, or
   * `(request, server) => ({ remoteAddress: server.requestIP(request)?.address })` on Bun. Needed
   * only with `trustedProxies`, or to verify the raw target instead of the WHATWG-normalized URL.
   * Default: `@hono/node-server`'s `env.incoming` when present, else nothing.
   */
  readonly context?: ((request: Request, ...rest: Rest) => VerifyContext) | undefined;
}

/** On `@hono/node-server`, the raw request target and peer address are on the second argument's `incoming`. */
function nodeServerContext(_request: Request, ...rest: unknown[]): VerifyContext {
  const env = rest[0];
  if (env === null || typeof env !== 'object' || !('incoming' in env)) return {};
  const incoming = env.incoming as { url?: unknown; socket?: { remoteAddress?: string } } | null | undefined;
  if (incoming === null || typeof incoming !== 'object' || typeof incoming.url !== 'string') return {};
  return { requestTarget: incoming.url, remoteAddress: incoming.socket?.remoteAddress };
}

/**
 * A new `Request` with the original URL, method, fields and signal and the verified bytes as its
 * body (the original body was read by the verifier), with `signwire` set. A Fetch `Request` cannot
 * carry a GET or HEAD body: there the bytes are on `request.signwire.body` only.
 */
function verifiedRequest(request: Request, verified: VerifiedRequest): SignwireRequest {
  const { body } = verified;
  const bodiless = body.length === 0 || request.method === 'GET' || request.method === 'HEAD';
  // From the parts, not `new Request(request, …)`: that throws for a consumed body and no new one.
  const { url, method, headers, signal } = request;
  // The verifier reads the body into its own ArrayBuffer (never a SharedArrayBuffer).
  const copy = new Request(url, { method, headers, signal, body: bodiless ? null : (body as Uint8Array<ArrayBuffer>) });
  Object.defineProperty(copy, 'signwire', { value: verified, enumerable: true });
  return copy as SignwireRequest;
}

/** The rejection answer: the shared error response's status and fields, with the verifier's body (debug details included). */
function rejectionResponse(verifier: Verifier, error: SignwireError): Response {
  const shared = errorResponse(error);
  return new Response(JSON.stringify(verifier.errorBody(error)), { status: shared.status, headers: shared.headers });
}

/** Sets the CORS headers on a response, copying it when its headers are immutable (a `fetch()` response, `Response.redirect`). */
function withCors(response: Response, headers: Record<string, string>): Response {
  const names = Object.keys(headers);
  if (names.length === 0) return response;
  try {
    for (const name of names) response.headers.set(name, headers[name] ?? '');
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const name of names) copy.headers.set(name, headers[name] ?? '');
    return copy;
  }
}

/** A `Response` from this realm or another (a polyfill, a framework's subclass). */
function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    typeof (value as Response).headers?.get === 'function'
  );
}

function checkArguments(verifier: Verifier, handler: unknown): void {
  if (verifier === null || typeof verifier !== 'object' || typeof verifier.verify !== 'function') {
    throw new TypeError('withSignwire(verifier, handler): verifier must come from createVerifier()');
  }
  if (typeof handler !== 'function') {
    throw new TypeError('withSignwire(verifier, handler): handler must be a function (request) => Response');
  }
}

/**
 * Wraps a Fetch handler so it runs only for verified requests.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } }, publicOrigin: 'https://api.example.com' });
 * export default {
 *   fetch: withSignwire(verifier, async (request) => Response.json({ by: request.signwire.keyId, order: await request.json() })),
 * };
 * ```
 * @param verifier - a verifier from `createVerifier`.
 * @param handler - the application's handler; its request's body is the verified bytes and
 * `request.signwire` the verified result. A Signwire error it throws (`readFormData`'s
 * FORM_INVALID) is answered like a rejection; other errors propagate to the runtime.
 * @param options - CORS, response signing and the runtime context.
 * @returns a Fetch handler. Rejections are answered as `{ error: { code, message } }` with the code's
 * status; errors that are not rejections (a key resolver outage) propagate to the runtime.
 * @throws TypeError when `verifier` or `handler` is not usable; ConfigurationError
 * CONFIGURATION_INVALID for malformed `cors` or `signResponses` options.
 */
export function withSignwire<Rest extends unknown[] = []>(
  verifier: Verifier,
  handler: VerifiedFetchHandler<Rest>,
  options: FetchSignwireOptions<Rest> = {},
): FetchHandler<Rest> {
  checkArguments(verifier, handler);
  const cors: ResolvedCors | undefined = options.cors === undefined ? undefined : resolveCors(options.cors, verifier.policy);
  const signingFor = routeResponseSigning(options.signResponses);
  const contextOf = options.context ?? nodeServerContext;
  if (typeof contextOf !== 'function') throw new TypeError('withSignwire: options.context must be a function');

  const signed = async (answered: VerifiedRequest | SignwireError, response: Response): Promise<Response> => {
    const signing = signingFor(verifier.responseSigning);
    const sign = signing === undefined ? undefined : verifier.responseSigner(answered, signing.components);
    return signing === undefined || sign === undefined ? response : signFetchResponse(sign, response, signing);
  };

  return async function signwireFetchHandler(request: Request, ...rest: Rest): Promise<Response> {
    const origin = request.headers.get('origin');
    if (cors !== undefined && isPreflight(request.method, request.headers.get('access-control-request-method'))) {
      return new Response(null, { status: 204, headers: corsHeaders(cors, origin, true) });
    }
    const extra = cors === undefined ? {} : corsHeaders(cors, origin, false);
    let verified: VerifiedRequest;
    try {
      verified = await verifier.verify(request, contextOf(request, ...rest));
    } catch (error) {
      if (!isSignwireError(error)) throw error;
      // A body that did not arrive (in time, or in full) leaves the connection unusable: close it, as every adapter does.
      return withCors(
        await signed(error, rejectionResponse(verifier, error)),
        closesConnection(error) ? { ...extra, connection: 'close' } : extra,
      );
    }
    let response: Response;
    try {
      response = await handler(verifiedRequest(request, verified), ...rest);
    } catch (error) {
      if (!isSignwireError(error)) throw error;
      response = rejectionResponse(verifier, error);
    }
    if (!isResponse(response)) {
      throw new TypeError(`withSignwire: the handler returned ${response === null ? 'null' : typeof response}, not a Response`);
    }
    return withCors(await signed(verified, response), extra);
  };
}
