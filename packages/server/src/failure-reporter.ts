/**
 * Where a verifier reports its failures: the application's `onFailure` hook, the rejection log, and
 * (with `debug`) the details a rejection's body may show.
 */
import { isSignwireError } from '@signwire/core';
import type { RejectionDebugDetails } from './error-response.js';
import type { Pipeline } from './pipeline.js';
import { formatRejection, type RejectionLogSetting, resolveRejectionLog } from './rejection-log.js';
import type { FailureDetails, VerifierOptions, VerifyContext } from './verifier-types.js';

/** A verifier's failure reporting. */
export interface FailureReporter {
  /** The pipeline's `onFailure`: the application's hook, then the log. */
  readonly onFailure: Pipeline['onFailure'];
  /**
   * The debug details recorded for a rejection (only with `debug`).
   *
   * @param error - a rejection this verifier reported.
   * @returns its signature base and hint, or `undefined`.
   */
  debugDetails(error: object): RejectionDebugDetails | undefined;
}

/**
 * Creates a verifier's failure reporting from its options.
 *
 * @param options - `debug`, `onFailure` and `log`.
 * @returns the reporter.
 */
export function createFailureReporter(options: {
  readonly debug?: boolean | undefined;
  readonly onFailure?: VerifierOptions['onFailure'];
  readonly log?: RejectionLogSetting | undefined;
}): FailureReporter {
  const debug = options.debug === true;
  const details = new WeakMap<object, RejectionDebugDetails>();
  const userHook = options.onFailure;
  const log = resolveRejectionLog(options.log, debug);
  return {
    onFailure: (error, failure: FailureDetails, message) => {
      if (debug && typeof error === 'object' && error !== null) {
        details.set(error, { signatureBase: failure.signatureBase, hint: failure.hint });
      }
      try {
        userHook?.(error, failure);
      } finally {
        // A throwing hook does not silence the log (the pipeline ignores both failures).
        // Named fields, no spread: the spread would read (and build) the lazy signature base.
        if (log !== undefined && isSignwireError(error)) {
          const { method, keyId, hint } = failure;
          log(formatRejection(error, { method, requestTarget: message.requestTarget, keyId, hint }));
        }
      }
    },
    debugDetails: (error) => details.get(error),
  };
}

/**
 * Reports a request the verifier could not read at all (its body was consumed before it ran) like
 * every other rejection.
 *
 * @param onFailure - the pipeline's `onFailure`.
 * @param error - the failure.
 * @param request - the Fetch request.
 * @param context - the runtime's request target, if given.
 */
export function reportUnread(onFailure: Pipeline['onFailure'], error: unknown, request: Request, context: VerifyContext | undefined): void {
  try {
    const { method } = request;
    const requestTarget = context?.requestTarget ?? new URL(request.url).pathname;
    const details = { method, url: undefined, keyId: undefined, hint: undefined, signatureBase: undefined };
    onFailure(error, details, { method, requestTarget, headers: [], body: null });
  } catch {
    // As in the pipeline: a failing hook or log does not change the outcome.
  }
}
