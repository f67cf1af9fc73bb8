/**
 * The route that gives a logged-in user a key (docs/spec.md §16.4), framework-neutral: who is
 * asking comes from the application's session, the answer is JSON with `Cache-Control: no-store`.
 * Each adapter (`/node`, `/express`, `/fastify`, `/hono`) wraps it as its `keyIssuingRoute`.
 */
import { ConfigurationError } from '@signwire/core';
import type { KeyIssuer } from './key-issuer.js';

/** A subject from the application's session, or `undefined` / `null` when nobody is logged in. */
export type MaybeSubject = string | undefined | null;

/** Options of the adapters' `keyIssuingRoute`. */
export interface KeyIssuingRouteOptions<Req> {
  /**
   * The logged-in subject of the request, from your session (sync or async); `undefined` or `null`
   * when nobody is logged in (the route answers 401). The route authenticates nothing itself.
   */
  readonly subject: (request: Req) => MaybeSubject | PromiseLike<MaybeSubject>;
  /** The lifetime of the keys this route issues, seconds (default: the issuer's `ttlSeconds`). */
  readonly ttlSeconds?: number | undefined;
}

/** An answer of the issuing route, for an adapter to write. */
export interface IssuingAnswer {
  /** 200 with the credentials, 401 when nobody is logged in, 403 for a cross-site request. */
  readonly status: 200 | 401 | 403;
  /** `Content-Type` and `Cache-Control: no-store` (the key must not be kept by any cache). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body. */
  readonly body: string;
}

/** A new object per answer: some runtimes add fields (Content-Length) to the headers they are given. */
function answerHeaders(): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
}

const CROSS_SITE = JSON.stringify({
  error: { message: 'a cross-site request (Sec-Fetch-Site: cross-site) gets no signing key: call this route from your own site' },
});

const NOT_LOGGED_IN = JSON.stringify({
  error: { message: 'nobody is logged in: this route issues signing keys to logged-in users only' },
});

/**
 * Checks the route's options once, when the route is created.
 *
 * @param issuer - a key issuer.
 * @param options - the route's options.
 * @throws ConfigurationError CONFIGURATION_INVALID for a missing issuer or `subject` function.
 */
export function checkIssuingRoute<Req>(issuer: KeyIssuer, options: KeyIssuingRouteOptions<Req>): void {
  if (typeof issuer?.issue !== 'function') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'keyIssuingRoute needs a key issuer from createKeyIssuer()');
  }
  if (typeof options?.subject !== 'function') {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'keyIssuingRoute needs { subject: (request) => the logged-in user id, or undefined }',
    );
  }
}

/**
 * The answer to one request: its subject's credentials, or 401.
 *
 * @param issuer - the key issuer.
 * @param subject - the logged-in subject, or `undefined` / `null`.
 * @param ttlSeconds - the lifetime, or `undefined` for the issuer's.
 * @param fetchSite - the request's `Sec-Fetch-Site` field, if any: `cross-site` is answered 403.
 * @returns the status, headers and JSON body.
 * @throws ConfigurationError CONFIGURATION_INVALID for a subject the issuer refuses (a server bug: a 500).
 */
export function issuingAnswer(
  issuer: KeyIssuer,
  subject: MaybeSubject,
  ttlSeconds: number | undefined,
  fetchSite?: string | null | undefined,
): IssuingAnswer {
  // A page of another site that can read the answer (an application's credentialed CORS) must not
  // get a key for the visiting user: browsers say where a request comes from in Sec-Fetch-Site.
  if (fetchSite?.toLowerCase() === 'cross-site') return { status: 403, headers: answerHeaders(), body: CROSS_SITE };
  if (subject === undefined || subject === null) return { status: 401, headers: answerHeaders(), body: NOT_LOGGED_IN };
  return { status: 200, headers: answerHeaders(), body: JSON.stringify(issuer.issue(subject, { ttlSeconds })) };
}

/**
 * The issuing route's answer as a Fetch `Response`, for any Fetch runtime.
 *
 * @example
 * ```ts
 * // Deno, Bun, workers: after your own session check
 * if (url.pathname === '/session/signing-key') return keyIssuingResponse(issuer, await userIdOf(request), { request });
 * ```
 * @param issuer - a key issuer.
 * @param subject - the logged-in subject, or `undefined` / `null` for 401.
 * @param options - the lifetime of the key (default: the issuer's `ttlSeconds`), and the request, whose
 * `Sec-Fetch-Site: cross-site` is answered 403.
 * @returns a JSON response with `Cache-Control: no-store`.
 * @throws ConfigurationError CONFIGURATION_INVALID for a subject the issuer refuses.
 */
export function keyIssuingResponse(
  issuer: KeyIssuer,
  subject: MaybeSubject,
  options: { readonly ttlSeconds?: number | undefined; readonly request?: Request | undefined } = {},
): Response {
  const fetchSite = options.request?.headers.get('sec-fetch-site');
  const { status, headers, body } = issuingAnswer(issuer, subject, options.ttlSeconds, fetchSite);
  return new Response(body, { status, headers });
}
