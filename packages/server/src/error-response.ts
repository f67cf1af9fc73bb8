/**
 * One place that turns a Signwire error into an HTTP answer: `{ error: { code, message } }` with
 * the code's status (docs/spec.md §10).
 */
import type { SignwireError } from '@signwire/core';

/** The JSON body of a rejection. */
export interface ErrorBody {
  /** The rejection. */
  readonly error: {
    /** The stable code. */
    readonly code: string;
    /** A human explanation naming the failing check (never secret material). */
    readonly message: string;
    /** Only with the verifier's `debug` option: the signature base the server computed. */
    readonly signatureBase?: string;
  };
}

/**
 * Builds the JSON body of a rejection.
 *
 * @param error - a Signwire error.
 * @param signatureBase - the server's signature base, only when debugging.
 * @returns the body.
 */
export function errorBody(error: SignwireError, signatureBase?: string): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(signatureBase === undefined ? {} : { signatureBase }) },
  };
}

/**
 * Builds a Fetch `Response` for a rejection.
 *
 * @param error - a Signwire error.
 * @param signatureBase - the server's signature base, only when debugging.
 * @returns a JSON response with the code's status.
 */
export function errorResponse(error: SignwireError, signatureBase?: string): Response {
  return new Response(JSON.stringify(errorBody(error, signatureBase)), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
