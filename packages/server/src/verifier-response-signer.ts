/**
 * The verifier's response signing (docs/spec.md §15): which answers get a signature, and with which
 * key. A verified request's answer is signed with the key it was verified with; a time rejection's
 * only when the pipeline noted it (time-rejection.ts): its MAC verified with a known, currently valid
 * key that its `confirm` hook accepted (not revoked). Anything else has no signer: the server never
 * signs its time for an unauthenticated party or for the holder of a revoked key.
 */
import { type AnsweredRequest, type HmacKey, SignwireError, signResponse } from '@signwire/core';
import type { Pipeline, TimeRejection } from './pipeline.js';
import type { ResolvedResponseSigning, ResponseSigner } from './response-signing.js';
import { verifiedKey } from './verified-message.js';
import type { VerifiedRequest } from './verifier-types.js';

/** What signing a response to one request needs. */
interface SigningContext {
  readonly request: AnsweredRequest;
  readonly key: HmacKey;
  readonly keyId: string;
  readonly requestLabel: string;
}

/** A signer for the answer to `answered` covering `components`, or `undefined` when it gets none. */
export type ResponseSignerFor = (
  answered: VerifiedRequest | SignwireError,
  components: ResolvedResponseSigning['components'],
) => ResponseSigner | undefined;

/**
 * Creates the response signing of a verifier.
 *
 * @param pipeline - the verifier's pipeline: its results carry their key, and its hashes, cache and clock sign.
 * @param timeRejections - the time rejections the pipeline noted (its `onTimeRejection`).
 * @returns the signer factory.
 */
export function createResponseSignerFor(pipeline: Pipeline, timeRejections: WeakMap<object, TimeRejection>): ResponseSignerFor {
  const rejectionContext = (error: SignwireError): SigningContext | undefined => {
    const rejected = timeRejections.get(error);
    if (rejected === undefined) return undefined;
    const { pending, key } = rejected; // noted only for an authentic request with a confirmed key
    const request = { method: pending.method, url: pending.url, headers: pending.fields };
    return { request, key, keyId: pending.params.keyid, requestLabel: pending.label };
  };
  const contextFor = (answered: VerifiedRequest | SignwireError): SigningContext | undefined => {
    if (answered instanceof SignwireError) return rejectionContext(answered);
    const key = verifiedKey(answered, pipeline);
    return key === undefined ? undefined : { request: answered.request, key, keyId: answered.keyId, requestLabel: answered.label };
  };
  return (answered, components) => {
    const context = contextFor(answered);
    if (context === undefined) return undefined;
    return (response) =>
      signResponse({
        response,
        request: context.request,
        key: context.key,
        keyId: context.keyId,
        requestLabel: context.requestLabel,
        created: Math.floor(pipeline.now()),
        components,
        hashes: pipeline.hashes,
      }).headers;
  };
}
