/**
 * What a failed verification reports to `onFailure` and the rejection log: the method, URL, key id,
 * a hint, and the signature base the server computed, built only if something reads it.
 */
import { VerificationError } from '@signwire/core';
import { createSignatureBase, type FieldLines, type PendingVerification } from '@signwire/core/internal';
import type { Pipeline } from './pipeline.js';
import type { FailureDetails, ReceivedMessage } from './verifier-types.js';

function computeBase(pending: PendingVerification | undefined): string | undefined {
  if (pending === undefined) return undefined;
  try {
    return createSignatureBase(pending.components, pending, pending.signatureParams);
  } catch {
    return undefined;
  }
}

/**
 * The details handed to `onFailure`. The signature base is built when read, at most once: a forged
 * request must not make the server derive every component it chose to cover unless someone looks.
 *
 * @param pending - the parsed signature, when parsing got that far.
 * @param method - the request method.
 * @param url - the request URL, when it was resolved.
 * @param hint - a likely cause, if any.
 * @returns the details.
 */
export function failureDetails(
  pending: PendingVerification | undefined,
  method: string,
  url: string | undefined,
  hint: string | undefined,
): FailureDetails {
  let base: string | undefined;
  let built = false;
  return {
    method,
    url,
    keyId: pending?.params.keyid,
    hint,
    get signatureBase(): string | undefined {
      if (!built) {
        base = computeBase(pending);
        built = true;
      }
      return base;
    },
  };
}

/**
 * Reports a failure to the pipeline's hook, with the origin hint for a failed MAC. A hook that
 * throws does not change the outcome: the caller rethrows `error` either way.
 *
 * @param pipeline - the pipeline.
 * @param error - the failure.
 * @param message - the message as received.
 * @param pending - the parsed signature, if any.
 * @param url - the resolved URL, if any.
 * @param fields - the received field lines, when already converted.
 */
export function reportFailure(
  pipeline: Pipeline,
  error: unknown,
  message: ReceivedMessage,
  pending: PendingVerification | undefined,
  url: string | undefined,
  fields: () => FieldLines,
): void {
  try {
    const macFailed = error instanceof VerificationError && error.code === 'SIGNATURE_INVALID';
    const hint = macFailed ? pipeline.originHint?.(fields(), message) : undefined;
    pipeline.onFailure(error, failureDetails(pending, message.method, url, hint), message);
  } catch {
    // A failing hook must not change the outcome.
  }
}
