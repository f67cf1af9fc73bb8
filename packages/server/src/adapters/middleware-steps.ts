/**
 * The steps every Signwire adapter takes around `verifier.verify`, framework-neutral: CORS (a
 * preflight answered at once, or headers for the answer), the rejection answer, the verified
 * hand-off to a Fetch handler, and response signing. Each adapter is then a named handler that calls
 * these in order with one try/catch; only what its framework needs stays in its own file.
 */
import type { SignwireError } from '@signwire/core';
import { type CorsOptions, corsHeaders, isPreflight, resolveCors } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { closesConnection, REJECTION_HEADERS } from '../error-response.js';
import {
  type ResolvedResponseSigning,
  type ResponseSigner,
  type ResponseSigningSetting,
  routeResponseSigning,
  signFetchResponse,
} from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';

/** Headers an adapter adds to its answer; shared and never written to. */
export type AnswerHeaders = Readonly<Record<string, string>>;

/** The headers of an answer with nothing to add (CORS off, or an origin it does not allow). */
export const NO_HEADERS: AnswerHeaders = Object.freeze({});

/** What CORS makes of one request. */
export interface CorsDecision {
  /** True for a preflight: answer 204 with {@link CorsDecision.headers} and verify nothing. */
  readonly preflight: boolean;
  /** The CORS headers of the answer (empty when the origin is not allowed). */
  readonly headers: AnswerHeaders;
}

/**
 * CORS as its own step: given a request's method, `Access-Control-Request-Method` and `Origin`, says
 * whether it is a preflight and which headers its answer carries.
 */
export type CorsStep = (method: string, requestMethod: string | null | undefined, origin: string | null | undefined) => CorsDecision;

/**
 * Creates the CORS step of an adapter from its `cors` option, checked now.
 *
 * @param options - the adapter's `cors` option, or `undefined` for no CORS.
 * @param verifier - the adapter's verifier: its policy's covered fields are allowed request headers
 * (read only when CORS is on: a verifier installed later, behind a proxy object, has none yet).
 * @returns the step, or `undefined` when CORS is off (the adapter then reads no CORS fields).
 * @throws ConfigurationError CONFIGURATION_INVALID for malformed options.
 */
export function createCorsStep(options: CorsOptions | undefined, verifier: Verifier): CorsStep | undefined {
  if (options === undefined) return undefined;
  const cors = resolveCors(options, verifier.policy);
  return (method, requestMethod, origin) => {
    const preflight = isPreflight(method, requestMethod);
    return { preflight, headers: corsHeaders(cors, origin, preflight) };
  };
}

/**
 * The response signing of an adapter: its per-route setting, checked now, combined with the
 * verifier's own when a request comes (a verifier may be swapped behind a proxy object).
 */
export interface AnswerSigning {
  /**
   * A signer for the answer to `answered`, with the settings it signs under.
   *
   * @param answered - a verified request, or a caught rejection.
   * @returns `undefined` when signing is off or `answered` gets no signature (see `verifier.responseSigner`).
   */
  signerFor(
    answered: VerifiedRequest | SignwireError,
  ): { readonly sign: ResponseSigner; readonly settings: ResolvedResponseSigning } | undefined;
  /** The effective settings now, or `undefined` when signing is off. */
  settings(): ResolvedResponseSigning | undefined;
}

/**
 * Creates the response signing step of an adapter.
 *
 * @param verifier - the adapter's verifier.
 * @param route - the adapter's `signResponses` option (`undefined`: the verifier's).
 * @returns the step.
 * @throws ConfigurationError CONFIGURATION_INVALID for a malformed option.
 */
export function createAnswerSigning(verifier: Verifier, route: ResponseSigningSetting | undefined): AnswerSigning {
  const settingsFor = routeResponseSigning(route);
  const settings = (): ResolvedResponseSigning | undefined => settingsFor(verifier.responseSigning);
  return {
    settings,
    signerFor(answered) {
      const current = settings();
      if (current === undefined) return undefined;
      const sign = verifier.responseSigner(answered, current.components);
      return sign === undefined ? undefined : { sign, settings: current };
    },
  };
}

/**
 * The header fields of a rejection: the adapter's own (CORS), {@link REJECTION_HEADERS}, and
 * `Connection: close` after a rejection that leaves the body unread.
 *
 * @param error - the rejection.
 * @param extra - the adapter's headers.
 * @returns a new object.
 */
export function rejectionHeaders(error: SignwireError, extra: AnswerHeaders): Record<string, string> {
  const headers: Record<string, string> = { ...extra, ...REJECTION_HEADERS };
  if (closesConnection(error)) headers.connection = 'close';
  return headers;
}

/**
 * A rejection as a Fetch `Response`, unsigned: the verifier's error body (debug details included)
 * with the code's status and {@link REJECTION_HEADERS}.
 *
 * @param verifier - the verifier that threw.
 * @param error - the rejection.
 * @returns the response.
 */
export function unsignedRejection(verifier: Verifier, error: SignwireError): Response {
  // A copy of the headers: @hono/node-server's Response adds Content-Length to the object it is given.
  return new Response(JSON.stringify(verifier.errorBody(error)), { status: error.status, headers: { ...REJECTION_HEADERS } });
}

/**
 * Signs a Fetch answer when the adapter signs responses and `answered` deserves a signature.
 *
 * @param signing - the adapter's signing step.
 * @param answered - the verified request, or the rejection, that `response` answers.
 * @param response - the answer.
 * @returns the signed answer, or `response` itself.
 */
export async function signFetchAnswer(
  signing: AnswerSigning,
  answered: VerifiedRequest | SignwireError,
  response: Response,
): Promise<Response> {
  const signer = signing.signerFor(answered);
  return signer === undefined ? response : signFetchResponse(signer.sign, response, signer.settings);
}

/**
 * The Fetch answer to a rejection: signed when it deserves it, then the adapter's headers and
 * `Connection: close` after a rejection that leaves the body unread (both outside the signature).
 *
 * @param verifier - the verifier that threw.
 * @param signing - the adapter's signing step.
 * @param error - the rejection.
 * @param extra - the adapter's headers (CORS).
 * @returns the response.
 */
export async function fetchRejection(
  verifier: Verifier,
  signing: AnswerSigning,
  error: SignwireError,
  extra: AnswerHeaders,
): Promise<Response> {
  const response = await signFetchAnswer(signing, error, unsignedRejection(verifier, error));
  return withHeaders(response, closesConnection(error) ? { ...extra, connection: 'close' } : extra);
}

/**
 * Sets headers on a Fetch response, copying it when its headers are immutable (a `fetch()` response,
 * `Response.redirect`).
 *
 * @param response - the response.
 * @param headers - the headers to set.
 * @returns `response`, or its copy.
 */
export function withHeaders(response: Response, headers: AnswerHeaders): Response {
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

/** A Fetch `Request` that carries the verified bytes and the verified result. */
export type SignwireRequest = Request & {
  /** The verified request: key id, covered components, the exact body bytes, `json` and `form`. */
  readonly signwire: VerifiedRequest;
};

/**
 * The verified hand-off for Fetch handlers: a new `Request` with the original URL, method, fields
 * and signal, the verified bytes as its body (the original body was read by the verifier) and
 * `signwire` set. A Fetch `Request` cannot carry a GET or HEAD body: there the bytes are on
 * `request.signwire.body` only.
 *
 * @param request - the request the verifier read.
 * @param verified - its verified result.
 * @returns the request to hand on.
 */
export function verifiedFetchRequest(request: Request, verified: VerifiedRequest): SignwireRequest {
  const { body } = verified;
  const bodiless = body.length === 0 || request.method === 'GET' || request.method === 'HEAD';
  // From the parts, not `new Request(request, …)`: that throws for a consumed body and no new one.
  const { url, method, headers, signal } = request;
  // The verifier reads the body into its own ArrayBuffer (never a SharedArrayBuffer).
  const copy = new Request(url, { method, headers, signal, body: bodiless ? null : (body as Uint8Array<ArrayBuffer>) });
  Object.defineProperty(copy, 'signwire', { value: verified, enumerable: true });
  return copy as SignwireRequest;
}
