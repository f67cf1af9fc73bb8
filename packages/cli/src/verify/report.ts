/**
 * The verifier's checks (docs/spec.md §9) one by one, with each check's outcome, for
 * `signwire verify` and the inspector's paste mode. It runs core's own verification steps
 * (`parseFraming`, `checkBodyLength`, `parseSignature`, `verifyKeyWindow`, `verifyMac`, `parseReceivedJson`) and builds the base
 * with core's `createSignatureBase`, so what it reports is what a Signwire server decides: it stops at
 * the first failure, with the same code. Browser-safe: no `node:` imports.
 */
import {
  type HmacKey,
  isSignwireError,
  type KeyRingEntry,
  type SignableRequest,
  type SignwireError,
  type SignwireErrorCode,
  type VerificationPolicy,
} from '@signwire/core';
import {
  checkBodyLength,
  createSignatureBase,
  hasContentCoding,
  type PendingVerification,
  parseFraming,
  parseReceivedJson,
  parseSignature,
  resolvePolicy,
  singleContentType,
  toFieldLines,
  utf8,
  verifyKeyWindow,
  verifyMac,
} from '@signwire/core/internal';
import { type CheckOutcome, Progress } from './check-progress.js';
import { type SignatureSummary, summarizeSignature } from './signature-summary.js';

export { CHECKS, type CheckOutcome, type CheckStatus } from './check-progress.js';
export type { SignatureSummary } from './signature-summary.js';

/** The outcome of every check, the verdict and what it was computed from. */
export interface VerificationReport {
  /** True when every check that ran passed. */
  readonly valid: boolean;
  /** The first failure's code (`undefined` when valid). */
  readonly code: SignwireErrorCode | undefined;
  /** The HTTP status a server answers that code with. */
  readonly status: number | undefined;
  /** The first failure's message. */
  readonly message: string | undefined;
  /** The step that failed. */
  readonly failedStep: number | undefined;
  /** Every check of docs/spec.md §9, in order. */
  readonly checks: readonly CheckOutcome[];
  /** The labelled signature decoded from `Signature-Input`, when it parses. */
  readonly signature: SignatureSummary | undefined;
  /** The signature base the verifier computed (step 10), when verification got that far. */
  readonly signatureBase: string | undefined;
  /** The clock the time check used, Unix seconds. */
  readonly now: number;
}

/** What {@link createVerificationReport} checks a request with. */
export interface VerificationReportInput {
  /** The received request: URL = the verifier's origin + the raw request target; body = the bytes received. */
  readonly request: SignableRequest;
  /** The verifier's clock, Unix seconds. */
  readonly now: number;
  /** The key ring: the entry for a `keyid`, or `undefined`. */
  readonly lookupKey: (keyId: string) => KeyRingEntry | undefined;
  /** The policy (defaults per docs/spec.md §9). */
  readonly policy?: VerificationPolicy | undefined;
  /** The replay store's answer; without it step 13 is skipped. */
  readonly isNonceSeen?: ((keyId: string, nonce: string) => boolean) | undefined;
}

const TIME_CODES: ReadonlySet<string> = new Set(['SIGNATURE_FROM_FUTURE', 'SIGNATURE_EXPIRED']);
const PARAMETER_CODES: ReadonlySet<string> = new Set([
  'ALGORITHM_UNSUPPORTED',
  'TAG_UNSUPPORTED',
  'PARAMETER_MISSING',
  'PARAMETER_INVALID',
  'NONCE_MISSING',
]);
const COVERAGE_CODES: ReadonlySet<string> = new Set(['COMPONENT_MISSING', 'DIGEST_MISSING', 'DIGEST_MALFORMED']);

/**
 * Runs the verifier's checks in order and reports each one.
 *
 * @example
 * ```ts
 * const report = createVerificationReport({
 *   request: { method: 'GET', url: 'https://api.example.com/v1/items', headers, body: new Uint8Array() },
 *   now: Math.floor(Date.now() / 1000),
 *   lookupKey: (keyId) => (keyId === 'client-1' ? { key: importSecret({ base64: secret }) } : undefined),
 * });
 * report.code; // e.g. 'SIGNATURE_INVALID', and report.signatureBase is what the server computed
 * ```
 * @param input - the request, clock, key ring, policy and (optionally) the replay store's answer.
 * @returns the report.
 * @throws ConfigurationError CONFIGURATION_INVALID for an invalid policy.
 */
export function createVerificationReport(input: VerificationReportInput): VerificationReport {
  const policy = resolvePolicy(input.policy);
  const fields = toFieldLines(input.request.headers);
  const body = typeof input.request.body === 'string' ? utf8(input.request.body) : (input.request.body ?? new Uint8Array(0));
  const summary = summarizeSignature(fields, policy.label);
  const progress = new Progress(input.now, summary);

  const framing = attempt(() => checkBodyLength(body, parseFraming(fields, policy), policy));
  if (framing.error !== undefined) return progress.fail(framing.error.code === 'FIELD_TOO_LARGE' ? 1 : 2, framing.error);
  progress.pass(2);

  const request = { ...input.request, headers: fields };
  const signature = attempt(() => parseSignature(request, body, policy, input.now, { fields }));
  if (signature.error !== undefined) return progress.fail(signatureStep(signature.error.code, summary), signature.error);
  const pending = signature.value as PendingVerification;
  progress.pass(8);

  const keyId = pending.params.keyid;
  const key = attempt(() => verifyKeyWindow(input.lookupKey(keyId), keyId, input.now));
  if (key.error !== undefined) return progress.fail(9, key.error);
  progress.pass(9, `keyid "${keyId}"`);

  const base = attempt(() => createSignatureBase(pending.components, pending, pending.signatureParams));
  if (base.error !== undefined) return progress.fail(10, base.error);
  progress.signatureBase = base.value;
  progress.pass(10);

  const mac = attempt(() => verifyMac(pending, key.value as HmacKey));
  if (mac.error !== undefined) return progress.fail(macStep(mac.error.code), mac.error);
  progress.pass(11);
  // Step 12 also checks a JSON body's members (repeated names, prototype members), as a server does.
  const json = attempt(() =>
    hasContentCoding(fields) ? undefined : parseReceivedJson(singleContentType(fields), body, policy.allowJsonPrototypeMembers),
  );
  if (json.error !== undefined) return progress.fail(12, json.error);
  progress.pass(12, pending.digest === undefined ? 'no Content-Digest covered: no body to compare' : undefined);

  if (input.isNonceSeen === undefined) return progress.finish('needs the server’s replay store: not checked here');
  if (input.isNonceSeen(keyId, pending.nonce)) {
    return progress.fail(13, { code: 'NONCE_REPLAYED', message: 'this nonce was already used' } as SignwireError);
  }
  progress.pass(13);
  return progress.finish(undefined);
}

/**
 * The step of a failure inside `parseSignature` (steps 3–8), from its code and how far the fields
 * parse: no field is step 3; a failure of core's step-4 parser (`selectSignature`) is step 4.
 */
function signatureStep(code: SignwireErrorCode, summary: SignatureSummary | 'absent' | 'unparseable'): number {
  if (TIME_CODES.has(code)) return 7;
  if (summary === 'absent') return 3;
  if (summary === 'unparseable') return 4;
  if (PARAMETER_CODES.has(code)) return 6;
  if (COVERAGE_CODES.has(code)) return 8;
  return 5; // SIGNATURE_MALFORMED (repeated or too many components), COMPONENT_UNSUPPORTED, COMPONENT_INVALID
}

/** The step of a failure inside `verifyMac` (steps 10–12). */
function macStep(code: SignwireErrorCode): number {
  if (code === 'SIGNATURE_INVALID') return 11;
  if (code === 'DIGEST_MISMATCH') return 12;
  return 10;
}

function attempt<T>(run: () => T): { value: T; error: undefined } | { value: undefined; error: SignwireError } {
  try {
    return { value: run(), error: undefined };
  } catch (error) {
    if (isSignwireError(error)) return { value: undefined, error };
    throw error;
  }
}
