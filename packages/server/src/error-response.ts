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
    /** Only with the verifier's `debug` option: a likely cause of a SIGNATURE_INVALID (`FailureDetails.hint`). */
    readonly hint?: string;
  };
}

/** What a development server adds to a rejection body (the verifier's `debug` option). */
export interface RejectionDebugDetails {
  /** The signature base the server computed, when verification got that far. */
  readonly signatureBase?: string | undefined;
  /** A likely cause the server can see (`FailureDetails.hint`). */
  readonly hint?: string | undefined;
}

/**
 * Builds the JSON body of a rejection.
 *
 * @param error - a Signwire error.
 * @param debug - the server's signature base and hint, only when debugging.
 * @returns the body.
 */
export function errorBody(error: SignwireError, debug: RejectionDebugDetails = {}): ErrorBody {
  const { signatureBase, hint } = debug;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(signatureBase === undefined ? {} : { signatureBase }),
      ...(hint === undefined ? {} : { hint }),
    },
  };
}

/**
 * Builds a Fetch `Response` for a rejection.
 *
 * @param error - a Signwire error.
 * @param debug - the server's signature base and hint, only when debugging.
 * @returns a JSON response with the code's status.
 */
export function errorResponse(error: SignwireError, debug?: RejectionDebugDetails): Response {
  return new Response(JSON.stringify(errorBody(error, debug)), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
