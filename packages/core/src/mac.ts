/**
 * Steps 10–12 of docs/spec.md §9: the signature base from the received message, its MAC and the
 * body's digest, both compared in constant time.
 */
import { utf8Transient } from './bytes.js';
import { type ComponentIdentifier, requestComponentDeriver } from './components.js';
import { type HashProvider, nobleHashes } from './hash.js';
import type { PendingVerification } from './received-signature.js';
import type { HmacKey } from './secret.js';
import { buildSignatureBaseFromIds } from './signature-base.js';
import { timingSafeEqual } from './timing-safe-equal.js';
import { cachedHmacSha256, type VerificationCache } from './verification-cache.js';
import { asVerificationError, fail } from './verification-failure.js';

/** A verified request. */
export interface VerifiedSignature {
  /** The `keyid` the signature was verified with. */
  readonly keyId: string;
  /** The label of the verified signature. */
  readonly label: string;
  /** The signature's `created`, Unix seconds. */
  readonly created: number;
  /** The signature's `expires`, Unix seconds, if it has one. */
  readonly expires: number | undefined;
  /** The signature's nonce (recorded in the replay store by `@signwire/server`). */
  readonly nonce: string;
  /** Serialized identifiers of the covered components, in order. */
  readonly covered: readonly string[];
  /** The signature base the verifier computed. */
  readonly signatureBase: string;
  /** The exact body bytes (empty when the request has no body). */
  readonly body: Uint8Array;
  /** Unix seconds until which the nonce must be remembered. */
  readonly replayWindowEnd: number;
  /** The subject of an issued key (docs/spec.md §16); `undefined` for a static key. */
  readonly subject?: string | undefined;
}

/**
 * Steps 10–12: verifies the MAC over the signature base, then the body against its digest.
 *
 * @param pending - the result of `parseSignature`.
 * @param key - the key from `verifyKeyWindow`.
 * @param hashes - the hash implementation (servers may inject native hashing).
 * @param cache - the verifier's {@link VerificationCache} (the key's prepared HMAC state), if any.
 * @returns the verified signature (the nonce still has to pass the replay store, step 13).
 * @throws VerificationError COMPONENT_*, QUERY_PARAM_AMBIGUOUS, URL_INVALID, SIGNATURE_INVALID or DIGEST_MISMATCH.
 */
export function verifyMac(
  pending: PendingVerification,
  key: HmacKey,
  hashes: HashProvider = nobleHashes,
  cache?: VerificationCache,
): VerifiedSignature {
  return asVerificationError(() => {
    const { components } = pending;
    const derive = requestComponentDeriver(pending, components);
    const signatureBase = buildSignatureBaseFromIds(
      pending.covered,
      (i) => derive(components[i] as ComponentIdentifier),
      pending.signatureParams,
    );
    const expected = cachedHmacSha256(key, hashes, utf8Transient(signatureBase), cache);
    if (!timingSafeEqual(expected, pending.signature)) throw fail('SIGNATURE_INVALID', 'the signature does not match');
    if (pending.digest !== undefined && !timingSafeEqual(pending.digest, hashes.sha256(pending.body))) {
      throw fail('DIGEST_MISMATCH', 'the body does not match its Content-Digest');
    }
    const { params } = pending;
    return {
      keyId: params.keyid,
      label: pending.label,
      created: params.created,
      expires: params.expires,
      nonce: pending.nonce,
      covered: [...pending.covered], // the pending list may be shared (see verification-cache.ts)
      signatureBase,
      body: pending.body,
      replayWindowEnd: pending.acceptableUntil,
    };
  });
}
