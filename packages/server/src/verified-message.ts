/**
 * The result of a verification: the verified request handed to the application, which also keeps,
 * privately, the key and the pipeline that verified it, so the response to it can be signed.
 */
import type { HmacKey, VerifiedSignature } from '@signwire/core';
import type { Pipeline } from './pipeline.js';
import type { ReceivedRequest, VerifiedRequest } from './verifier-types.js';

/**
 * A verified request as `verifyMessage` returns it: the fields of `VerifiedRequest`, written out (a
 * copy of the core result with `...` would enumerate its properties on every request), and, in private fields, the key it was verified with and
 * the pipeline that verified it, for signing the response ({@link verifiedKey}). A copy of the
 * object carries neither. Private fields rather than a verifier-wide `WeakMap` keyed by the result:
 * that would add an entry per request, which every garbage collection then has to visit.
 */
export class VerifiedMessage implements VerifiedRequest {
  readonly keyId: string;
  readonly label: string;
  readonly created: number;
  readonly expires: number | undefined;
  readonly nonce: string;
  readonly covered: readonly string[];
  readonly signatureBase: string;
  readonly body: Uint8Array;
  readonly replayWindowEnd: number;
  readonly subject: string | undefined;
  readonly json: unknown;
  readonly form: URLSearchParams | undefined;
  readonly request: ReceivedRequest;
  readonly #key: HmacKey;
  readonly #pipeline: Pipeline;

  constructor(
    verified: VerifiedSignature,
    json: unknown,
    form: URLSearchParams | undefined,
    request: ReceivedRequest,
    key: HmacKey,
    pipeline: Pipeline,
    subject: string | undefined,
  ) {
    this.keyId = verified.keyId;
    this.label = verified.label;
    this.created = verified.created;
    this.expires = verified.expires;
    this.nonce = verified.nonce;
    this.covered = verified.covered;
    this.signatureBase = verified.signatureBase;
    this.body = verified.body;
    this.replayWindowEnd = verified.replayWindowEnd;
    this.subject = subject;
    this.json = json;
    this.form = form;
    this.request = request;
    this.#key = key;
    this.#pipeline = pipeline;
  }

  /** The key `verified` was verified with, if `pipeline` verified it (see {@link verifiedKey}). */
  static keyOf(verified: unknown, pipeline: Pipeline): HmacKey | undefined {
    return verified instanceof VerifiedMessage && verified.#pipeline === pipeline ? verified.#key : undefined;
  }
}

/**
 * The key a request was verified with, for signing the response to it.
 *
 * @param verified - a result of `verifyMessage` (or anything else).
 * @param pipeline - the pipeline that must have verified it.
 * @returns the key, or `undefined` when `verified` is not a result of `pipeline` (another verifier's,
 * a copy, a hand-made object).
 */
export function verifiedKey(verified: unknown, pipeline: Pipeline): HmacKey | undefined {
  return VerifiedMessage.keyOf(verified, pipeline);
}
