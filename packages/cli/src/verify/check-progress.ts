/**
 * The checks of docs/spec.md §9 and their outcomes as a verification report records them, in step
 * order. Browser-safe: no `node:` imports.
 */
import { httpStatusFor, type SignwireError, type SignwireErrorCode } from '@signwire/core';
import type { VerificationReport } from './report.js';
import type { SignatureSummary } from './signature-summary.js';

/** The checks of docs/spec.md §9, in order. */
export const CHECKS: readonly { readonly step: number; readonly name: string }[] = [
  { step: 1, name: 'field sizes' },
  { step: 2, name: 'framing' },
  { step: 3, name: 'presence' },
  { step: 4, name: 'parse' },
  { step: 5, name: 'covered list' },
  { step: 6, name: 'parameters' },
  { step: 7, name: 'time' },
  { step: 8, name: 'coverage' },
  { step: 9, name: 'key' },
  { step: 10, name: 'signature base' },
  { step: 11, name: 'MAC' },
  { step: 12, name: 'digest' },
  { step: 13, name: 'replay' },
];

/** How a check ended: `not-run` after an earlier failure; `skipped` when it needs what is not here (a replay store). */
export type CheckStatus = 'passed' | 'failed' | 'not-run' | 'skipped';

/** One check's outcome. */
export interface CheckOutcome {
  /** The step number in docs/spec.md §9. */
  readonly step: number;
  /** The check's short name. */
  readonly name: string;
  /** How it ended. */
  readonly status: CheckStatus;
  /** The code, when it failed. */
  readonly code?: SignwireErrorCode | undefined;
  /** The verifier's message when it failed; otherwise a note on what was checked, if any. */
  readonly detail?: string | undefined;
}

/** The outcomes so far, in step order; builds the report. */
export class Progress {
  readonly #outcomes: CheckOutcome[] = [];
  signatureBase: string | undefined;

  constructor(
    readonly now: number,
    readonly signature: SignatureSummary | 'absent' | 'unparseable',
  ) {}

  /** Records steps up to `to` as passed (the last one with `detail`). */
  pass(to: number, detail?: string): void {
    for (let step = this.#outcomes.length + 1; step <= to; step++) {
      this.#outcomes.push(outcome(step, 'passed', undefined, step === to ? detail : undefined));
    }
  }

  /** Records the failure of `step` (every earlier step passed: the checks stop at the first failure). */
  fail(step: number, error: Pick<SignwireError, 'code' | 'message'>): VerificationReport {
    this.pass(step - 1);
    this.#outcomes.push(outcome(step, 'failed', error.code, error.message));
    for (let next = step + 1; next <= CHECKS.length; next++) this.#outcomes.push(outcome(next, 'not-run'));
    return this.#report(error, step);
  }

  finish(skippedReplay: string | undefined): VerificationReport {
    if (skippedReplay !== undefined) this.#outcomes.push(outcome(13, 'skipped', undefined, skippedReplay));
    return this.#report(undefined, undefined);
  }

  #report(error: Pick<SignwireError, 'code' | 'message'> | undefined, failedStep: number | undefined): VerificationReport {
    return {
      valid: error === undefined,
      code: error?.code,
      status: error === undefined ? undefined : httpStatusFor(error.code),
      message: error?.message,
      failedStep,
      checks: this.#outcomes,
      signature: typeof this.signature === 'string' ? undefined : this.signature,
      signatureBase: this.signatureBase,
      now: this.now,
    };
  }
}

function outcome(step: number, status: CheckStatus, code?: SignwireErrorCode, detail?: string): CheckOutcome {
  const check = CHECKS[step - 1] as { step: number; name: string };
  return { step, name: check.name, status, ...(code === undefined ? {} : { code }), ...(detail === undefined ? {} : { detail }) };
}
