/**
 * Signing one request in one call (docs/spec.md §8): pure and synchronous. Signers that sign many
 * requests with one key prepare once with `createRequestSigner`.
 */
import { DEFAULT_LABEL, PROFILE_TAG } from './constants.js';
import { atBoundary, ConfigurationError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import type { SignableRequest } from './request.js';
import {
  prepareRequest,
  type RequestSignerOptions,
  type SignatureTiming,
  type SignedRequestParts,
  signPreparedRequest,
} from './request-signer.js';
import { exportKeyBytes } from './secret.js';
import { assertLabel } from './signature-fields.js';
import { assertKeyId, assertTag, assertTiming } from './signature-params.js';
import { checkExtraComponents } from './signer-components.js';

export type { SignedRequestParts } from './request-signer.js';

/** Everything needed to sign one request: a signer's options, the per-request timing, and the request. */
export interface SignRequestInput extends RequestSignerOptions, SignatureTiming {
  /** The request; its body must already be the exact bytes to send. */
  readonly request: SignableRequest;
  /** The hash implementation (default `@noble/hashes`). */
  readonly hashes?: HashProvider | undefined;
}

/**
 * Signs a request with HMAC-SHA256 per the Signwire profile.
 *
 * @example
 * ```ts
 * const parts = signRequest({
 *   request: { method: 'POST', url: 'https://api.example.com/v1/orders', headers: { 'content-type': 'application/json' }, body: canonicalJson(order) },
 *   key: importSecret({ base64: secret }), keyId: 'client-1', created: Math.floor(Date.now() / 1000), nonce: createNonce(),
 * });
 * ```
 * @param input - the request, key and parameters.
 * @returns the fields to add and the signature base.
 * @throws SignwireError with the codes of docs/spec.md §8 (the request is refused, never repaired).
 */
export function signRequest(input: SignRequestInput): SignedRequestParts {
  return atBoundary('CONFIGURATION_INVALID', 'the signRequest() input', () => {
    if (input === null || typeof input !== 'object' || input.request === null || typeof input.request !== 'object') {
      throw new ConfigurationError('CONFIGURATION_INVALID', 'signRequest() needs { request, key, keyId, created, nonce }');
    }
    const { request, key, keyId, components, label = DEFAULT_LABEL, tag = PROFILE_TAG, created, nonce, expires, bodySha256 } = input;
    const timing = { created, nonce, expires, bodySha256 };
    // The errors in the order of spec §8, the order a prepared signer (createRequestSigner) has too:
    exportKeyBytes(key); // step 1: the signer's configuration — key, key id, tag, label, extra components;
    assertKeyId(keyId);
    assertTag(tag);
    assertLabel(label);
    checkExtraComponents(components ?? []);
    assertTiming(created, expires, nonce); // step 2: the per-request parameters;
    const prepared = prepareRequest(request, timing); // steps 3–4: method, URL, fields, body
    // Step 5 (the covered list) and on, without checking the request again.
    return signPreparedRequest({ key, keyId, components, label, tag }, prepared, input.hashes ?? nobleHashes);
  });
}
