/**
 * `keyIssuingRoute` for Fastify (exported by `@signwire/server/fastify`): the route that gives the
 * logged-in user a signing key, with `Cache-Control: no-store` (docs/keys.md).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkIssuingRoute, issuingAnswer, type KeyIssuingRouteOptions } from '../issuing-route.js';
import type { KeyIssuer } from '../key-issuer.js';

/**
 * Creates the issuing route's handler for Fastify.
 *
 * @example
 * ```ts
 * app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: (request) => request.session?.userId }));
 * ```
 * @param issuer - a key issuer from `createKeyIssuer`.
 * @param options - `subject` (from your session; `undefined` answers 401) and the keys' lifetime.
 * @returns the handler: 200 with `{ keyId, secret, expires }` or 401; what `subject` or `issue()`
 * throws goes to Fastify's error handler.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing issuer or `subject`.
 */
export function keyIssuingRoute(
  issuer: KeyIssuer,
  options: KeyIssuingRouteOptions<FastifyRequest>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  checkIssuingRoute(issuer, options);
  return async function issueSigningKey(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { status, headers, body } = issuingAnswer(
      issuer,
      await options.subject(request),
      options.ttlSeconds,
      request.headers['sec-fetch-site'] as string | undefined,
    );
    return reply.code(status).headers(headers).send(body);
  };
}
