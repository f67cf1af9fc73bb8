/**
 * How the verifier's steps refuse a request: every refusal is a {@link VerificationError} with the
 * step's code (docs/spec.md §9, §10).
 */
import { SignwireError, type SignwireErrorCode, VerificationError } from './errors.js';

/**
 * A verification refusal.
 *
 * @param code - the step's stable code.
 * @param message - what failed, naming the field (never a secret, a MAC or body bytes).
 * @returns the error to throw.
 */
export function fail(code: SignwireErrorCode, message: string): VerificationError {
  return new VerificationError(code, message);
}

/**
 * Runs a verification step so that a `SignwireError` from a shared module (the structured-field
 * parser, the component deriver) leaves as a {@link VerificationError} with the same code.
 *
 * @param run - the step.
 * @returns what `run` returns.
 */
export function asVerificationError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SignwireError && !(error instanceof VerificationError)) {
      throw new VerificationError(error.code, error.message, { cause: error });
    }
    throw error;
  }
}
