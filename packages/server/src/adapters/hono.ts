/**
 * `@signwire/server/hono`: middleware over the Fetch `Request`, for Hono and so for any Fetch-API
 * runtime. The verified bytes are put in Hono's body cache, so `c.req.json()` / `c.req.text()`
 * read exactly them; `c.get('signwire')` is the verified result.
 *
 * @module @signwire/server/hono
 */
import type { IncomingMessage } from 'node:http';
import { isSignwireError, type SignwireError } from '@signwire/core';
import type { MiddlewareHandler } from 'hono';
import { type CorsOptions, corsHeaders, isPreflight, resolveCors } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { closesConnection, REJECTION_HEADERS } from '../error-response.js';
import { type ResponseSigningSetting, routeResponseSigning, signFetchResponse } from '../response-signing.js';
import type { VerifiedRequest, VerifyContext } from '../verifier-types.js';

export { keyIssuingRoute } from './issuing-hono.js';

/** The context variables the middleware sets. */
export interface SignwireVariables {
  /** The verified request. */
  signwire: VerifiedRequest;
}

/** Options of the Hono middleware. */
export interface HonoSignwireOptions {
  /** Answer CORS preflights and add CORS headers to responses (see docs/server.md). */
  readonly cors?: CorsOptions | undefined;
  /**
   * Sign responses on the routes this middleware guards (default: the verifier's `signResponses`).
   * Fetch bodies are buffered up to `maxBodyBytes`; `text/event-stream` only with `bufferStreams`.
   */
  readonly signResponses?: ResponseSigningSetting | undefined;
}

/** On `@hono/node-server`, the raw request target and peer address are on `c.env.incoming`. */
function nodeContext(env: unknown): VerifyContext {
  const incoming = (env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
  if (incoming === undefined || typeof incoming.url !== 'string') return {};
  return { requestTarget: incoming.url, remoteAddress: incoming.socket?.remoteAddress };
}

function withHeaders(response: Response, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
}

function unsignedErrorResponse(verifier: Verifier, error: SignwireError): Response {
  return new Response(JSON.stringify(verifier.errorBody(error)), {
    status: error.status,
    // A copy: @hono/node-server's Response adds Content-Length to the object it is given.
    headers: { ...REJECTION_HEADERS },
  });
}

/**
 * Creates the Hono middleware.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: SignwireVariables }>();
 * app.use('/api/*', signwire(verifier));
 * app.post('/api/orders', async (c) => c.json({ by: c.get('signwire').keyId, order: await c.req.json() }));
 * ```
 * @param verifier - a verifier from `createVerifier`.
 * @param options - CORS and response signing.
 * @returns the middleware; rejections are answered as `{ error: { code, message } }` with the
 * code's status, other errors are rethrown to Hono's error handler.
 */
export function signwire(
  verifier: Verifier,
  options: HonoSignwireOptions = {},
): MiddlewareHandler<{
  /** `c.get('signwire')`: the verified request. */
  Variables: SignwireVariables;
}> {
  const cors = options.cors === undefined ? undefined : resolveCors(options.cors, verifier.policy);
  const signingFor = routeResponseSigning(options.signResponses);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (cors !== undefined && isPreflight(c.req.method, c.req.header('access-control-request-method'))) {
      return c.body(null, 204, corsHeaders(cors, origin, true));
    }
    const extra = cors === undefined ? {} : corsHeaders(cors, origin, false);
    let verified: VerifiedRequest;
    try {
      verified = await verifier.verify(c.req.raw, nodeContext(c.env));
    } catch (error) {
      if (!isSignwireError(error)) throw error;
      const signing = signingFor(verifier.responseSigning);
      const sign = signing === undefined ? undefined : verifier.responseSigner(error, signing.components);
      const unsigned = unsignedErrorResponse(verifier, error);
      const response = signing === undefined || sign === undefined ? unsigned : await signFetchResponse(sign, unsigned, signing);
      withHeaders(response, closesConnection(error) ? { ...extra, connection: 'close' } : extra);
      return response;
    }
    c.set('signwire', verified);
    const { body } = verified;
    // Hono's body cache holds promises at run time (its type says values).
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.arrayBuffer = Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    await next();
    const signing = signingFor(verifier.responseSigning);
    const sign = signing === undefined ? undefined : verifier.responseSigner(verified, signing.components);
    if (signing !== undefined && sign !== undefined) c.res = await signFetchResponse(sign, c.res, signing);
    withHeaders(c.res, extra);
    return undefined;
  };
}
