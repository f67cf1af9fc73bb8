/**
 * The verification pipeline (docs/spec.md §9) over a received message, composed from core's
 * synchronous steps with an asynchronous body read, key lookup and replay store. Cheapest checks
 * first; the nonce is recorded only after the MAC, the digest and the body passed.
 */
import { type KeyRingEntry, VerificationError } from '@signwire/core';
import {
  checkBodyLength,
  type PendingVerification,
  parseFraming,
  parseReceivedJson,
  parseSignature,
  singleContentType,
  toFieldLines,
  verifyKeyWindow,
  verifyMac,
} from '@signwire/core/internal';
import { readBody } from './body-reader.js';
import { checkParsedBodyCoding } from './content-coding.js';
import { reportFailure } from './failure-details.js';
import { parseFormBody } from './form-body.js';
import { isPromiseLike } from './key-ring.js';
import type { Pipeline } from './pipeline.js';
import { recordNonce } from './replay-check.js';
import { checkRequestTarget } from './request-target.js';
import { expiredWhileWaiting, isTimeRejection, noteTimeRejection } from './time-rejection.js';
import { VerifiedMessage } from './verified-message.js';
import type { ReceivedMessage, VerifiedRequest } from './verifier-types.js';

export type { Pipeline, TimeRejection } from './pipeline.js';
export { verifiedKey } from './verified-message.js';

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
    // §9 steps 1–2: field sizes and framing, then the body, read once within the limit. Bytes in
    // hand (a raw-body hook, a test) need no await; checkBodyLength enforces the limit on them.
    const fields = toFieldLines(message.headers);
    const declaredLength = parseFraming(fields, policy);
    body = message.body instanceof Uint8Array ? message.body : await readBody(message.body, policy.maxBodyBytes, pipeline.bodyTimeoutMs);
    checkBodyLength(body, declaredLength, policy);
    // The URL of step 10, resolved now: the signature's parse needs the request it covers.
    checkRequestTarget(message.requestTarget);
    url = pipeline.resolveOrigin(fields, message) + message.requestTarget;
    let now = Math.floor(pipeline.now());
    const request = { method: message.method, url, headers: fields };
    // Steps 3–8: presence, parse, covered list, parameters, time, coverage.
    pending = parseSignature(request, body, policy, now, { cache: pipeline.cache, fields });
    const { keyid, expires } = pending.params;
    if (pipeline.requireExpires && expires === undefined) {
      throw new VerificationError('PARAMETER_MISSING', 'the policy requires an expires parameter');
    }
    // Step 9: the key. A fixed ring answers synchronously; only a resolver's promise is awaited.
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
    // Steps 10–12: the signature base, the MAC and the digest.
    const verified = verifyMac(pending, key, pipeline.hashes, pipeline.cache);
    if (now > verified.replayWindowEnd) throw await expiredWhileWaiting('its key was looked up', pending, key, pipeline, entry);
    // Step 12's body: a coding the application could not parse, then the JSON body. Only a body has
    // a media type to hand over by; the fields are scanned for it once.
    const contentType = body.length === 0 ? undefined : singleContentType(fields);
    checkParsedBodyCoding(contentType, fields);
    const json = parseReceivedJson(contentType, body, policy.allowJsonPrototypeMembers);
    // An issued key's revocation (§16.5 step 6): asked only now that the MAC, the digest and the
    // JSON body passed, so nothing forged or malformed reaches the application's store.
    const confirmed = entry?.confirm?.();
    if (isPromiseLike(confirmed)) {
      await confirmed;
      now = Math.max(now, Math.floor(pipeline.now()));
      if (now > verified.replayWindowEnd) throw await expiredWhileWaiting('its key was checked for revocation', pending, key, pipeline);
    }
    // Step 13: replay. A store that answers over the network (Redis) may have seen the original's
    // entry expire while this call travelled: a window that closed meanwhile is refused.
    await recordNonce(pipeline.nonceStore, keyid, verified.nonce, verified.replayWindowEnd, now);
    if (Math.floor(pipeline.now()) > verified.replayWindowEnd)
      throw await expiredWhileWaiting('its nonce was recorded', pending, key, pipeline);
    // A form always parses, so it is parsed only for a request that was accepted.
    return new VerifiedMessage(verified, json, parseFormBody(contentType, body), request, key, pipeline, entry?.subject);
  } catch (error) {
    if (pending === undefined && url !== undefined && body !== undefined && isTimeRejection(error)) {
      await noteTimeRejection(error, { method: message.method, url, headers: toFieldLines(message.headers) }, body, pipeline);
    }
    reportFailure(pipeline, error, message, pending, url, () => toFieldLines(message.headers));
    throw error;
  }
}
