/**
 * `@signwire/server/fetch`: a wrapper for any Fetch handler, `(request) => Response`: Bun.serve,
 * Deno.serve, Cloudflare Workers, Next.js route handlers, `@hono/node-server`'s `serve`. It verifies
 * the request, answers rejections, adds CORS and signs responses like the other adapters, and calls
 * the handler with a new `Request` carrying the verified bytes and `request.signwire`.
 *
 * @module @signwire/server/fetch
 */
import { isSignwireError } from '@signwire/core';
import type { CorsOptions } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import type { ResponseSigningSetting } from '../response-signing.js';
import type { VerifiedRequest, VerifyContext } from '../verifier-types.js';
import {
  createAnswerSigning,
  createCorsStep,
  fetchRejection,
  NO_HEADERS,
  type SignwireRequest,
  signFetchAnswer,
  unsignedRejection,
  verifiedFetchRequest,
  withHeaders,
} from './middleware-steps.js';
import { nodeServerContext } from './node-server-context.js';

export type { SignwireRequest } from './middleware-steps.js';

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
  const corsStep = createCorsStep(options.cors, verifier);
  const signing = createAnswerSigning(verifier, options.signResponses);
  const contextOf = options.context ?? ((_request: Request, ...rest: Rest) => nodeServerContext(rest[0]));
  if (typeof contextOf !== 'function') throw new TypeError('withSignwire: options.context must be a function');

  return async function signwireFetchHandler(request: Request, ...rest: Rest): Promise<Response> {
    let cors = NO_HEADERS;
    if (corsStep !== undefined) {
      const decision = corsStep(request.method, request.headers.get('access-control-request-method'), request.headers.get('origin'));
      if (decision.preflight) return new Response(null, { status: 204, headers: decision.headers });
      cors = decision.headers;
    }
    let verified: VerifiedRequest | undefined;
    let response: Response;
    try {
      verified = await verifier.verify(request, contextOf(request, ...rest));
      response = await handler(verifiedFetchRequest(request, verified), ...rest);
    } catch (error) {
      if (!isSignwireError(error)) throw error;
      // A rejection closes the connection when its body did not arrive (in time, or in full), as every adapter does.
      if (verified === undefined) return fetchRejection(verifier, signing, error, cors);
      // A Signwire error the handler threw (readFormData's FORM_INVALID) answers a verified request.
      response = unsignedRejection(verifier, error);
    }
    if (!isResponse(response)) {
      throw new TypeError(`withSignwire: the handler returned ${response === null ? 'null' : typeof response}, not a Response`);
    }
    // verified is set here: a rejection of the request itself was answered in the catch block.
    return withHeaders(await signFetchAnswer(signing, verified as VerifiedRequest, response), cors);
  };
}
