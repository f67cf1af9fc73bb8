/**
 * The verification pipeline (docs/spec.md §9) over a received message, composed from core's
 * synchronous steps with an asynchronous key lookup and nonce store. Cheapest checks first; the
 * nonce is recorded only after the MAC and digest verified.
 */
import {
  checkBodyLength,
  checkFraming,
  checkKey,
  checkMac,
  checkSignature,
  createSignatureBase,
  type HashProvider,
  type PendingVerification,
  type ResolvedPolicy,
  toFieldLines,
  VerificationError,
} from '@signwire/core';
import { readBody } from './body-reader.js';
import { parseJsonBody } from './json-body.js';
import type { KeyLookup } from './key-ring.js';
import { type NonceStore, nonceStoreKey } from './nonce-store.js';
import type { OriginResolver } from './public-origin.js';
import type { FailureDetails, ReceivedMessage, VerifiedRequest } from './verifier-types.js';

/** Everything the pipeline needs, fixed at construction. */
export interface Pipeline {
  readonly policy: ResolvedPolicy;
  readonly requireExpires: boolean;
  readonly lookupKey: KeyLookup;
  readonly resolveOrigin: OriginResolver;
  readonly nonceStore: NonceStore;
  readonly hashes: HashProvider;
  readonly now: () => number;
  readonly onFailure: (error: unknown, details: FailureDetails) => void;
}

/** The raw target must be origin-form: `/` then visible ASCII without `#` (docs/spec.md §4.2). */
const ORIGIN_FORM = /^\/[\x21-\x22\x24-\x7e]*$/;

function computeBase(pending: PendingVerification | undefined): string | undefined {
  if (pending === undefined) return undefined;
  try {
    return createSignatureBase(pending.components, pending, pending.signatureParams);
  } catch {
    return undefined;
  }
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
  try {
    const fields = toFieldLines(message.headers);
    const declaredLength = checkFraming(fields, policy);
    const body = await readBody(message.body, policy.maxBodyBytes);
    checkBodyLength(body, declaredLength, policy);
    if (!ORIGIN_FORM.test(message.requestTarget)) {
      throw new VerificationError('URL_INVALID', 'the request target must be origin-form visible ASCII without a fragment');
    }
    url = pipeline.resolveOrigin(fields, message) + message.requestTarget;
    const now = Math.floor(pipeline.now());
    pending = checkSignature({ method: message.method, url, headers: fields }, body, policy, now);
    const { keyid, expires } = pending.params;
    if (pipeline.requireExpires && expires === undefined) {
      throw new VerificationError('PARAMETER_MISSING', 'the policy requires an expires parameter');
    }
    const key = checkKey(await pipeline.lookupKey(keyid), keyid, now);
    const verified = checkMac(pending, key, pipeline.hashes);
    const json = parseJsonBody(fields, body);
    const fresh = await pipeline.nonceStore.checkAndRemember({
      key: nonceStoreKey(keyid, verified.nonce),
      expiresAt: verified.replayWindowEnd + 1,
      now,
    });
    if (!fresh) throw new VerificationError('NONCE_REPLAYED', 'this nonce was already used');
    return { ...verified, json };
  } catch (error) {
    try {
      pipeline.onFailure(error, { signatureBase: computeBase(pending), method: message.method, url });
    } catch {
      // A failing hook must not change the outcome.
    }
    throw error;
  }
}
