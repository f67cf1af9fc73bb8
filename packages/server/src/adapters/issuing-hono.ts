/**
 * `keyIssuingRoute` for Hono (exported by `@signwire/server/hono`): the route that gives the
 * logged-in user a signing key, with `Cache-Control: no-store` (docs/keys.md).
 */
import type { Context } from 'hono';
import { checkIssuingRoute, issuingAnswer, type KeyIssuingRouteOptions } from '../issuing-route.js';
import type { KeyIssuer } from '../key-issuer.js';

/**
 * Creates the issuing route's handler for Hono.
 *
 * @example
 * ```ts
 * app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: (c) => c.get('userId') }));
 * ```
 * @param issuer - a key issuer from `createKeyIssuer`.
 * @param options - `subject` (from your session; `undefined` answers 401) and the keys' lifetime.
 * @returns the handler: 200 with `{ keyId, secret, expires }` or 401; what `subject` or `issue()`
 * throws goes to Hono's error handler.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing issuer or `subject`.
 */
export function keyIssuingRoute(issuer: KeyIssuer, options: KeyIssuingRouteOptions<Context>): (c: Context) => Promise<Response> {
  checkIssuingRoute(issuer, options);
  return async function issueSigningKey(c: Context): Promise<Response> {
    const { status, headers, body } = issuingAnswer(issuer, await options.subject(c), options.ttlSeconds, c.req.header('sec-fetch-site'));
    return new Response(body, { status, headers });
  };
}
