/**
 * `@signwire/server/hono`: middleware over the Fetch `Request`, for Hono and so for any Fetch-API
 * runtime. The request handed on (`c.req.raw`) carries the verified bytes, as Hono's own body-limit
 * middleware does, so `c.req.json()` / `c.req.text()` read exactly them; `c.get('signwire')` is the
 * verified result.
 *
 * @module @signwire/server/hono
 */
import { isSignwireError } from '@signwire/core';
import type { MiddlewareHandler } from 'hono';
import type { CorsOptions } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import type { ResponseSigningSetting } from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';
import {
  createAnswerSigning,
  createCorsStep,
  fetchRejection,
  NO_HEADERS,
  signFetchAnswer,
  verifiedFetchRequest,
  withHeaders,
} from './middleware-steps.js';
import { nodeServerContext } from './node-server-context.js';

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
  const corsStep = createCorsStep(options.cors, verifier);
  const signing = createAnswerSigning(verifier, options.signResponses);
  return async function verifySignedRequest(c, next) {
    let cors = NO_HEADERS;
    if (corsStep !== undefined) {
      const decision = corsStep(c.req.method, c.req.header('access-control-request-method'), c.req.header('origin'));
      if (decision.preflight) return c.body(null, 204, decision.headers);
      cors = decision.headers;
    }
    let verified: VerifiedRequest;
    try {
      verified = await verifier.verify(c.req.raw, nodeServerContext(c.env));
    } catch (error) {
      if (!isSignwireError(error)) throw error;
      return fetchRejection(verifier, signing, error, cors);
    }
    c.set('signwire', verified);
    c.req.raw = verifiedFetchRequest(c.req.raw, verified);
    await next();
    const answer = withHeaders(await signFetchAnswer(signing, verified, c.res), cors);
    // Hono's res setter rebuilds the response: only for a new one (signed, or copied for CORS).
    if (answer !== c.res) c.res = answer;
    return undefined;
  };
}
