/**
 * `keyIssuingRoute` for Express (exported by `@signwire/server/express`): the route that gives the
 * logged-in user a signing key, with `Cache-Control: no-store` (docs/keys.md).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { checkIssuingRoute, issuingAnswer, type KeyIssuingRouteOptions } from '../issuing-route.js';
import type { KeyIssuer } from '../key-issuer.js';

/**
 * Creates the issuing route for Express.
 *
 * @example
 * ```ts
 * app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: (req) => req.session?.userId }));
 * ```
 * @param issuer - a key issuer from `createKeyIssuer`.
 * @param options - `subject` (from your session; `undefined` answers 401) and the keys' lifetime.
 * @returns the handler: 200 with `{ keyId, secret, expires }` or 401; what `subject` or `issue()`
 * throws goes to `next(error)`.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing issuer or `subject`.
 */
export function keyIssuingRoute(issuer: KeyIssuer, options: KeyIssuingRouteOptions<Request>): RequestHandler {
  checkIssuingRoute(issuer, options);
  return async function issueSigningKey(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const subject = await options.subject(req);
      const { status, headers, body } = issuingAnswer(
        issuer,
        subject,
        options.ttlSeconds,
        req.headers['sec-fetch-site'] as string | undefined,
      );
      res.writeHead(status, headers).end(body);
    } catch (error) {
      next(error);
    }
  };
}
