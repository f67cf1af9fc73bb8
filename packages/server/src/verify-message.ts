/**
 * The verification pipeline (docs/spec.md §9) over a received message, composed from core's
 * synchronous steps with an asynchronous key lookup and nonce store. Cheapest checks first; the
 * nonce is recorded only after the MAC and digest verified.
 */
import {
  type HashProvider,
  type HmacKey,
  isSignwireError,
  type KeyRingEntry,
  type SignableRequest,
  type VerificationCache,
  VerificationError,
  type VerifiedSignature,
} from '@signwire/core';
import {
  checkBodyLength,
  createSignatureBase,
  type PendingVerification,
  parseFraming,
  parseReceivedJson,
  parseSignature,
  type ResolvedPolicy,
  singleContentType,
  toFieldLines,
  verifyKeyWindow,
  verifyMac,
} from '@signwire/core/internal';
import { readBody } from './body-reader.js';
import { checkParsedBodyCoding } from './content-coding.js';
import { parseFormBody } from './form-body.js';
import { isPromiseLike, type KeyFinder } from './key-ring.js';
import { type NonceStore, nonceStoreKey } from './nonce-store.js';
import type { OriginMismatchHint } from './origin-mismatch.js';
import type { OriginResolver } from './public-origin.js';
import type { FailureDetails, ReceivedMessage, ReceivedRequest, VerifiedRequest } from './verifier-types.js';

/** Everything the pipeline needs, fixed at construction. */
export interface Pipeline {
  readonly policy: ResolvedPolicy;
  readonly requireExpires: boolean;
  /** How long the body read may take (`bodyTimeoutMs`). */
  readonly bodyTimeoutMs: number;
  /** Answers synchronously for a fixed ring; only a resolver's promise is awaited. */
  readonly lookupKey: KeyFinder;
  readonly resolveOrigin: OriginResolver;
  readonly nonceStore: NonceStore;
  readonly hashes: HashProvider;
  /** This verifier's memory between requests (prepared HMAC keys, checked covered lists). */
  readonly cache: VerificationCache;
  readonly now: () => number;
  /** Sees the host the request was sent to when `publicOrigin` is set, for the hint of a failed MAC. */
  readonly originHint: OriginMismatchHint | undefined;
  /** Called with every failure, the details for `onFailure`, and the message as received. */
  readonly onFailure: (error: unknown, details: FailureDetails, message: ReceivedMessage) => void;
  /**
   * Called when a request was refused for its time (SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE) but
   * everything else up to the key checks out; the MAC is checked only if the rejection is to be signed.
   */
  readonly onTimeRejection: (error: VerificationError, rejected: TimeRejection) => void;
}

/** A request refused for its time whose signature is otherwise well-formed, with a currently valid key. */
export interface TimeRejection {
  /** The signature parsed without the time check. */
  readonly pending: PendingVerification;
  /** The key named by its `keyid`. */
  readonly key: HmacKey;
}

/** The raw target must be origin-form: `/` then visible ASCII without `#` (docs/spec.md §4.2). */
const ORIGIN_FORM = /^\/[\x21-\x22\x24-\x7e]*$/;

/**
 * The details handed to `onFailure`. The signature base is built only when read (and at most once):
 * a forged request must not make the server derive every component it chose to cover (review F3).
 */
function failureDetails(
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

function computeBase(pending: PendingVerification | undefined): string | undefined {
  if (pending === undefined) return undefined;
  try {
    return createSignatureBase(pending.components, pending, pending.signatureParams);
  } catch {
    return undefined;
  }
}

function isMacFailure(error: unknown): boolean {
  return error instanceof VerificationError && error.code === 'SIGNATURE_INVALID';
}

function isTimeRejection(error: unknown): error is VerificationError {
  return error instanceof VerificationError && (error.code === 'SIGNATURE_EXPIRED' || error.code === 'SIGNATURE_FROM_FUTURE');
}

/**
 * Re-parses a signature refused for its time without the time window (§9 steps 3–8 again), then
 * looks its key up (step 9). Only a request that passes both is remembered as possibly deserving a
 * signed error response; its MAC is checked later, when the response is signed.
 */
async function noteTimeRejection(error: VerificationError, request: SignableRequest, body: Uint8Array, pipeline: Pipeline): Promise<void> {
  try {
    const now = Math.floor(pipeline.now());
    const pending = parseSignature(request, body, pipeline.policy, now, { checkTime: false, cache: pipeline.cache });
    const key = verifyKeyWindow(await pipeline.lookupKey(pending.params.keyid), pending.params.keyid, now);
    pipeline.onTimeRejection(error, { pending, key });
  } catch {
    // Anything else wrong with the request: the rejection stays unsigned.
  }
}

/**
 * SIGNATURE_EXPIRED for a window that closed while the verifier waited (a key lookup, the replay
 * store). The MAC verified, so it is noted like any time rejection of an authentic request: the
 * answer may be signed.
 */
function expiredWhileWaiting(what: string, pending: PendingVerification, key: HmacKey, pipeline: Pipeline): VerificationError {
  const expired = new VerificationError('SIGNATURE_EXPIRED', `the signature expired while ${what}`);
  pipeline.onTimeRejection(expired, { pending, key });
  return expired;
}

/**
 * What a failing replay store throws to the caller: its own Signwire error as it is
 * (NONCE_STORE_FULL, a store's NONCE_STORE_UNAVAILABLE), anything else (a lost connection, a
 * timeout, a bug) as NONCE_STORE_UNAVAILABLE (503) with the failure as `cause`. Either way the
 * request is refused: it is never accepted without its nonce recorded.
 */
function storeFailure(failure: unknown): unknown {
  if (isSignwireError(failure)) return failure;
  return new VerificationError(
    'NONCE_STORE_UNAVAILABLE',
    'the replay store could not record the nonce (it failed or did not answer); try again with a new signature',
    { cause: failure },
  );
}

/**
 * A verified request as {@link verifyMessage} returns it: the fields of `VerifiedRequest` (written
 * out: copying the core result with `...` measured several µs per request), and, in private fields,
 * the key it was verified with and the pipeline that verified it, for signing the response
 * ({@link verifiedKey}). A copy of the object carries neither. Private fields rather than a
 * verifier-wide `WeakMap` keyed by the result: an entry per request, which every garbage collection
 * then had to process, measured about 0.5 µs per request.
 */
class VerifiedMessage implements VerifiedRequest {
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
 * @param verified - a result of {@link verifyMessage} (or anything else).
 * @param pipeline - the pipeline that must have verified it.
 * @returns the key, or `undefined` when `verified` is not a result of `pipeline` (another verifier's,
 * a copy, a hand-made object).
 */
export function verifiedKey(verified: unknown, pipeline: Pipeline): HmacKey | undefined {
  return VerifiedMessage.keyOf(verified, pipeline);
}

/**
 * Verifies one received message.
 *
 * @param message - the request as received.
 * @param pipeline - the configured steps.
 * @returns the verified request.
 * @throws VerificationError with the code of the first failing check (docs/spec.md §10).
 */
export async function verifyMessage(message: ReceivedMessage, pipeline: Pipeline): Promise<VerifiedRequest> {
  const { policy } = pipeline;
  let url: string | undefined;
  let pending: PendingVerification | undefined;
  let body: Uint8Array | undefined;
  try {
    const fields = toFieldLines(message.headers);
    const declaredLength = parseFraming(fields, policy);
    // Bytes in hand (a raw-body hook, a test) need no await; checkBodyLength enforces the limit.
    body = message.body instanceof Uint8Array ? message.body : await readBody(message.body, policy.maxBodyBytes, pipeline.bodyTimeoutMs);
    checkBodyLength(body, declaredLength, policy);
    if (!ORIGIN_FORM.test(message.requestTarget)) {
      throw new VerificationError('URL_INVALID', 'the request target must be origin-form visible ASCII without a fragment');
    }
    url = pipeline.resolveOrigin(fields, message) + message.requestTarget;
    let now = Math.floor(pipeline.now());
    const request = { method: message.method, url, headers: fields };
    pending = parseSignature(request, body, policy, now, { cache: pipeline.cache, fields });
    const { keyid, expires } = pending.params;
    if (pipeline.requireExpires && expires === undefined) {
      throw new VerificationError('PARAMETER_MISSING', 'the policy requires an expires parameter');
    }
    const found = pipeline.lookupKey(keyid);
    let entry: KeyRingEntry | undefined;
    if (isPromiseLike(found)) {
      entry = await found;
      // The lookup took time: the key's validity, the window and the replay store go by the clock
      // after it, or a replay sent in the window's last second could reach the store after its
      // entry was purged.
      now = Math.max(now, Math.floor(pipeline.now()));
    } else {
      entry = found;
    }
    const key = verifyKeyWindow(entry, keyid, now);
    const verified = verifyMac(pending, key, pipeline.hashes, pipeline.cache);
    if (now > verified.replayWindowEnd) throw expiredWhileWaiting('its key was looked up', pending, key, pipeline);
    // Only a body has a media type to hand over by; the fields are scanned for it once.
    const contentType = body.length === 0 ? undefined : singleContentType(fields);
    checkParsedBodyCoding(contentType, fields);
    const json = parseReceivedJson(contentType, body, policy.allowJsonPrototypeMembers);
    // An issued key's revocation (docs/spec.md §16.5 step 6): asked only now that the MAC, the digest
    // and the JSON body passed, so nothing forged or malformed reaches the application's store.
    const confirmed = entry?.confirm?.();
    if (isPromiseLike(confirmed)) {
      await confirmed;
      now = Math.max(now, Math.floor(pipeline.now()));
      if (now > verified.replayWindowEnd) throw expiredWhileWaiting('its key was checked for revocation', pending, key, pipeline);
    }
    let fresh: boolean;
    try {
      fresh = await pipeline.nonceStore.checkAndRemember({
        key: nonceStoreKey(keyid, verified.nonce),
        expiresAt: verified.replayWindowEnd + 1,
        now,
      });
    } catch (failure) {
      throw storeFailure(failure);
    }
    if (!fresh) throw new VerificationError('NONCE_REPLAYED', 'this nonce was already used');
    // A store that answers over the network (Redis) may have seen the original's entry expire while
    // this call travelled: a window that closed meanwhile is refused.
    if (Math.floor(pipeline.now()) > verified.replayWindowEnd) throw expiredWhileWaiting('its nonce was recorded', pending, key, pipeline);
    // A form always parses, so it is parsed only for a request that was accepted.
    return new VerifiedMessage(verified, json, parseFormBody(contentType, body), request, key, pipeline, entry?.subject);
  } catch (error) {
    if (pending === undefined && url !== undefined && body !== undefined && isTimeRejection(error)) {
      await noteTimeRejection(error, { method: message.method, url, headers: toFieldLines(message.headers) }, body, pipeline);
    }
    try {
      const hint = isMacFailure(error) ? pipeline.originHint?.(toFieldLines(message.headers), message) : undefined;
      pipeline.onFailure(error, failureDetails(pending, message.method, url, hint), message);
    } catch {
      // A failing hook must not change the outcome.
    }
    throw error;
  }
}
