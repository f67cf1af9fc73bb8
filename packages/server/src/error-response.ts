/**
 * One place that turns a Signwire error into an HTTP answer: `{ error: { code, message } }` with
 * the code's status (docs/spec.md §10).
 */
import type { SignwireError } from '@signwire/core';

/**
 * The header fields of every rejection an adapter or `verifier.errorResponse(error)` sends: JSON, never
 * cached, and never sniffed as another type (a message may quote what the client sent, such as a
 * component name). Use them when you answer a rejection yourself.
 */
export const REJECTION_HEADERS: Readonly<Record<'content-type' | 'cache-control' | 'x-content-type-options', string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * Whether an adapter closes the connection after answering `error`: the rejections that leave the
 * rest of the body unread (over the limit, framing the server cannot trust, a body that did not
 * arrive in time), so the connection cannot carry another request.
 *
 * @param error - a Signwire error.
 * @returns true for BODY_TOO_LARGE, CONTENT_LENGTH_MISMATCH, FRAMING_AMBIGUOUS and BODY_TIMEOUT.
 */
export function closesConnection(error: SignwireError): boolean {
  const { code } = error;
  return code === 'BODY_TOO_LARGE' || code === 'CONTENT_LENGTH_MISMATCH' || code === 'FRAMING_AMBIGUOUS' || code === 'BODY_TIMEOUT';
}

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
 * @returns a JSON response with the code's status and {@link REJECTION_HEADERS}.
 */
export function errorResponse(error: SignwireError, debug?: RejectionDebugDetails): Response {
  return new Response(JSON.stringify(errorBody(error, debug)), {
    status: error.status,
    // A copy: @hono/node-server's Response adds Content-Length to the object it is given.
    headers: { ...REJECTION_HEADERS },
  });
}
