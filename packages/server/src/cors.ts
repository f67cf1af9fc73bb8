/**
 * CORS for signed requests: preflight answers that allow `Signature`, `Signature-Input`,
 * `Content-Digest`, `Content-Type` and the policy's extra covered fields, so browser clients work
 * cross-origin. Adapters use {@link corsHeaders}; Fetch servers can use {@link corsPreflight}.
 */
import { ConfigurationError } from '@signwire/core';
import type { ResolvedPolicy } from '@signwire/core/internal';

/** CORS options. */
export interface CorsOptions {
  /** Allowed origins (exact, e.g. `https://app.example.com`), or `'*'` for any. */
  readonly origins: readonly string[] | '*';
  /** Allowed methods (default GET, HEAD, POST, PUT, PATCH, DELETE). */
  readonly allowMethods?: readonly string[] | undefined;
  /** Extra request headers to allow, besides the signature fields and the policy's covered fields. */
  readonly allowHeaders?: readonly string[] | undefined;
  /** Response headers the browser may read, besides the response signature fields. */
  readonly exposeHeaders?: readonly string[] | undefined;
  /**
   * Expose `Signature`, `Signature-Input` and `Content-Digest` to browser scripts, so a client can
   * verify signed responses cross-origin (docs/spec.md §15). Default true.
   */
  readonly exposeSignatureHeaders?: boolean | undefined;
  /** Preflight cache time, seconds (default 600). */
  readonly maxAgeSeconds?: number | undefined;
}

/** CORS options checked and combined with a verifier's policy. */
export interface ResolvedCors {
  /** Allowed origins, lower-cased, or `'*'`. */
  readonly origins: ReadonlySet<string> | '*';
  /** The `Access-Control-Allow-Methods` value. */
  readonly allowMethods: string;
  /** The `Access-Control-Allow-Headers` value: signature fields, the policy's covered fields, `allowHeaders`. */
  readonly allowHeaders: string;
  /** The `Access-Control-Expose-Headers` value, if any. */
  readonly exposeHeaders: string | undefined;
  /** The `Access-Control-Max-Age` value, seconds. */
  readonly maxAgeSeconds: number;
}

const SIGNATURE_HEADERS = ['signature', 'signature-input', 'content-digest', 'content-type'];
/** The fields of a signed response that a browser client must be able to read. */
export const RESPONSE_SIGNATURE_HEADERS: readonly string[] = ['Signature', 'Signature-Input', 'Content-Digest'];

/**
 * Checks CORS options and adds the policy's covered header fields to the allowed headers.
 *
 * @param options - the CORS options.
 * @param policy - the verifier's policy (its required field components are allowed).
 * @returns the resolved options.
 * @throws ConfigurationError CONFIGURATION_INVALID for an empty or malformed origin list.
 */
export function resolveCors(options: CorsOptions, policy?: ResolvedPolicy): ResolvedCors {
  const { origins } = options;
  if (origins !== '*' && (!Array.isArray(origins) || origins.length === 0)) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      "cors.origins must be '*' or a non-empty list of origins like https://app.example.com",
    );
  }
  const maxAgeSeconds = options.maxAgeSeconds ?? 600;
  if (!Number.isSafeInteger(maxAgeSeconds) || maxAgeSeconds < 0) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'cors.maxAgeSeconds must be a non-negative integer');
  }
  const covered = (policy?.requiredComponents ?? []).map((c) => c.name).filter((name) => !name.startsWith('@'));
  const headers = new Set([...SIGNATURE_HEADERS, ...covered, ...(options.allowHeaders ?? []).map((h) => h.toLowerCase())]);
  return {
    origins: origins === '*' ? '*' : new Set(origins.map(serializeOrigin)),
    allowMethods: (options.allowMethods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).join(', '),
    allowHeaders: [...headers].join(', '),
    exposeHeaders: exposed(options),
    maxAgeSeconds,
  };
}

/**
 * An origin as a browser sends it in `Origin`: scheme, lower-case host (IDNs as A-labels), and the
 * port only when it is not the scheme's default (`https://app.example.com:443` is
 * `https://app.example.com`), so that a configured origin matches the header byte for byte.
 */
function serializeOrigin(origin: unknown): string {
  const problem = (why: string) =>
    new ConfigurationError(
      'CONFIGURATION_INVALID',
      `cors.origins has ${JSON.stringify(origin)}: ${why}; an origin is a scheme and a host, with a port when it is not the default, like https://app.example.com or http://localhost:5173`,
    );
  if (typeof origin !== 'string') throw problem('not a string');
  if (!/^https?:\/\/[^/\s?#]+$/i.test(origin))
    throw problem(
      origin === '*' ? "'*' allows every origin only on its own, as cors.origins: '*'" : 'not an http(s) origin without a path',
    );
  try {
    return new URL(origin).origin;
  } catch {
    throw problem('not a valid URL');
  }
}

function exposed(options: CorsOptions): string | undefined {
  const names = [...(options.exposeSignatureHeaders === false ? [] : RESPONSE_SIGNATURE_HEADERS), ...(options.exposeHeaders ?? [])];
  const unique = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
  return unique.length === 0 ? undefined : unique.join(', ');
}

/**
 * Whether a request is a CORS preflight.
 *
 * @param method - the request method.
 * @param requestMethod - its `Access-Control-Request-Method` value, if any.
 * @returns true for `OPTIONS` with `Access-Control-Request-Method`.
 */
export function isPreflight(method: string, requestMethod: string | null | undefined): boolean {
  return method.toUpperCase() === 'OPTIONS' && typeof requestMethod === 'string' && requestMethod !== '';
}

/**
 * The CORS response headers for a request from `origin`.
 *
 * @param cors - the resolved options.
 * @param origin - the request's `Origin`, if any.
 * @param preflight - whether to add the preflight (`Allow-Methods`/`Allow-Headers`/`Max-Age`) headers.
 * @returns the headers to set (empty when the origin is not allowed).
 */
export function corsHeaders(cors: ResolvedCors, origin: string | null | undefined, preflight: boolean): Record<string, string> {
  if (typeof origin !== 'string' || (cors.origins !== '*' && !cors.origins.has(origin.toLowerCase()))) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': cors.origins === '*' ? '*' : origin, vary: 'Origin' };
  if (cors.exposeHeaders !== undefined) headers['access-control-expose-headers'] = cors.exposeHeaders;
  if (preflight) {
    headers['access-control-allow-methods'] = cors.allowMethods;
    headers['access-control-allow-headers'] = cors.allowHeaders;
    headers['access-control-max-age'] = String(cors.maxAgeSeconds);
  }
  return headers;
}

/**
 * Answers a CORS preflight for a Fetch server.
 *
 * @param request - the received request.
 * @param cors - the resolved options.
 * @returns a 204 response for a preflight, or `undefined` when the request is not one.
 */
export function corsPreflight(request: Request, cors: ResolvedCors): Response | undefined {
  if (!isPreflight(request.method, request.headers.get('access-control-request-method'))) return undefined;
  return new Response(null, { status: 204, headers: corsHeaders(cors, request.headers.get('origin'), true) });
}
