/**
 * `keyIssuingRoute` for `node:http` (exported by `@signwire/server/node`): the route that gives the
 * logged-in user a signing key, with `Cache-Control: no-store` (docs/keys.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkIssuingRoute, issuingAnswer, type KeyIssuingRouteOptions } from '../issuing-route.js';
import type { KeyIssuer } from '../key-issuer.js';

/** Options of the `node:http` issuing route. */
export interface NodeKeyIssuingRouteOptions extends KeyIssuingRouteOptions<IncomingMessage> {
  /**
   * Called with what `subject` or `issue()` threw (the route has then answered 500, saying only that
   * no key could be issued). Default: `console.error`.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

const FAILED = JSON.stringify({ error: { message: 'no signing key could be issued (see the server log)' } });

/**
 * Creates the issuing route for `node:http`.
 *
 * @example
 * ```ts
 * const issueKey = keyIssuingRoute(issuer, { subject: (req) => sessionUserId(req) });
 * http.createServer((req, res) => (req.url === '/session/signing-key' ? issueKey(req, res) : api(req, res)));
 * ```
 * @param issuer - a key issuer from `createKeyIssuer`.
 * @param options - `subject` (from your session; `undefined` answers 401) and the keys' lifetime.
 * @returns a handler that answers 200 with `{ keyId, secret, expires }`, 401, or 500; it never rejects.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing issuer or `subject`.
 */
export function keyIssuingRoute(
  issuer: KeyIssuer,
  options: NodeKeyIssuingRouteOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  checkIssuingRoute(issuer, options);
  const onError = options.onError ?? ((error: unknown) => console.error('signwire: keyIssuingRoute failed:', error));
  return async function issueSigningKey(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const { status, headers, body } = issuingAnswer(
        issuer,
        await options.subject(req),
        options.ttlSeconds,
        req.headers['sec-fetch-site'] as string | undefined,
      );
      res.writeHead(status, headers).end(body);
    } catch (error) {
      try {
        onError(error);
      } finally {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(FAILED);
      }
    }
  };
}
