/**
 * How the verifier's steps refuse a request: every refusal is a {@link VerificationError} with the
 * step's code (docs/spec.md §9, §10).
 */
import { ConfigurationError, SignwireError, VerificationError, type VerificationErrorCode } from './errors.js';

/**
 * A verification refusal.
 *
 * @param code - the step's stable code.
 * @param message - what failed, naming the field (never a secret, a MAC or body bytes).
 * @returns the error to throw.
 */
export function fail(code: VerificationErrorCode, message: string): VerificationError {
  return new VerificationError(code, message);
}

/**
 * Runs a verification step so that a `SignwireError` from a shared module (the structured-field
 * parser, the component deriver) leaves as a {@link VerificationError} with the same code; a
 * {@link ConfigurationError} (an invalid key in the ring) stays one. A plain `SignwireError` never
 * carries a configuration code (errors.ts), so the code is a verification code.
 *
 * @param run - the step.
 * @returns what `run` returns.
 */
export function asVerificationError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SignwireError && !(error instanceof VerificationError) && !(error instanceof ConfigurationError)) {
      throw new VerificationError(error.code as VerificationErrorCode, error.message, { cause: error });
    }
    throw error;
  }
}
