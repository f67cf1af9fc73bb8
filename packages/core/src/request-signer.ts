/**
 * The request signer's public face (docs/spec.md §8): its options and results, and
 * {@link createRequestSigner}, which prepares a signer with the rules for any components beyond the
 * defaults. The signer itself is in `prepare-signer.ts`, the request checks in `prepared-request.ts`,
 * the covered lists in `covered-list.ts` and `signer-components.ts`.
 */
import type { ComponentInput } from './components.js';
import { atBoundary } from './errors.js';
import type { HashProvider } from './hash.js';
import { prepareRequestSigner } from './prepare-signer.js';
import type { PreparedRequest } from './prepared-request.js';
import type { SignableRequest } from './request.js';
import type { HmacKey } from './secret.js';
import { requestComponentRules } from './signer-components.js';

export { type PreparedRequest, prepareRequest } from './prepared-request.js';

/** What a {@link RequestSigner} is prepared with. */
export interface RequestSignerOptions {
  /** The key (see `importSecret`). */
  readonly key: HmacKey;
  /** The key id the verifier looks the key up by. */
  readonly keyId: string;
  /** Extra components to cover after the defaults (e.g. `x-request-id`). */
  readonly components?: readonly ComponentInput[] | undefined;
  /** The signature label (default `sig1`). */
  readonly label?: string | undefined;
  /** The profile tag (default `signwire-v1`). */
  readonly tag?: string | undefined;
  /**
   * Sign with WebCrypto only and keep no raw key: on the first `signWithWebCrypto` the key is imported
   * as a non-extractable `CryptoKey`, then the bytes of `key` are zeroed (so `key` must be used nowhere
   * else) and dropped. `sign` with a `HashProvider` is refused (CONFIGURATION_INVALID).
   */
  readonly webCryptoOnly?: boolean | undefined;
}

/** The per-request signature parameters. */
export interface SignatureTiming {
  /** Unix seconds. */
  readonly created: number;
  /** A fresh nonce (see `createNonce`). */
  readonly nonce: string;
  /** Optional expiry, Unix seconds, later than `created`. */
  readonly expires?: number | undefined;
  /**
   * The SHA-256 of the body, when the caller already computed it (e.g. natively for a large body).
   * It must be the digest of exactly `request.body`; 32 bytes.
   */
  readonly bodySha256?: Uint8Array | undefined;
}

/** The fields to add to the request, plus what they were computed from (for debugging and tests). */
export interface SignedRequestParts {
  /** Field values to set on the request. */
  readonly headers: {
    /** The `Signature-Input` field value. */
    readonly 'signature-input': string;
    /** The `Signature` field value. */
    readonly signature: string;
    /** The `Content-Digest` field value (RFC 9530), when the request has a body. */
    readonly 'content-digest'?: string;
  };
  /** The method as sent (Fetch-normalized). */
  readonly method: string;
  /** The URL as sent (WHATWG-serialized, without fragment). */
  readonly url: string;
  /** The exact body bytes, when the request has a body. */
  readonly body: Uint8Array | undefined;
  /** The serialized identifiers of the covered components, in order. */
  readonly covered: readonly string[];
  /** The signature base that was MACed. */
  readonly signatureBase: string;
}

/** Signs requests with one key and one configuration. Create it with {@link createRequestSigner}. */
export interface RequestSigner {
  /** The key id in every signature. */
  readonly keyId: string;
  /**
   * Signs a request synchronously.
   *
   * @param request - the request; its body must already be the exact bytes to send.
   * @param timing - `created`, `nonce`, optional `expires` and a precomputed body digest.
   * @param hashes - the SHA-256 and HMAC-SHA256 implementation (e.g. `nobleHashes`).
   * @returns the fields to add and the signature base.
   * @throws SignwireError with the codes of docs/spec.md §8.
   */
  sign(request: SignableRequest, timing: SignatureTiming, hashes: HashProvider): SignedRequestParts;
  /**
   * Signs a request with WebCrypto (`crypto.subtle`): the body digest (unless `timing.bodySha256` is
   * given) and the HMAC. The key is imported into WebCrypto once, as non-extractable.
   *
   * @param request - the request; its body must already be the exact bytes to send.
   * @param timing - `created`, `nonce`, optional `expires` and a precomputed body digest.
   * @returns the fields to add and the signature base; the same bytes as {@link RequestSigner.sign}.
   * @throws SignwireError with the codes of docs/spec.md §8; CONFIGURATION_INVALID when the runtime has
   * no `crypto.subtle` (in browsers: a page that is not https: or localhost).
   */
  signWithWebCrypto(request: SignableRequest, timing: SignatureTiming): Promise<SignedRequestParts>;
}

/**
 * Prepares a signer: checks the key, key id, label, tag and components once.
 *
 * @example
 * ```ts
 * const signer = createRequestSigner({ key: importSecret({ base64: secret }), keyId: 'client-1' });
 * const parts = signer.sign(request, { created: Math.floor(Date.now() / 1000), nonce: createNonce() }, nobleHashes);
 * ```
 * @param options - key, key id and what to cover.
 * @returns the signer.
 * @throws SignwireError KEY_INVALID, PARAMETER_INVALID (key id, tag), CONFIGURATION_INVALID (label),
 * COMPONENT_INVALID, COMPONENT_UNSUPPORTED or HEADER_FORBIDDEN (components).
 */
export function createRequestSigner(options: RequestSignerOptions): RequestSigner {
  return atBoundary(
    'CONFIGURATION_INVALID',
    'the request signer options',
    () => prepareRequestSigner(options, requestComponentRules).signer,
  );
}

/**
 * Signs a request already checked by {@link prepareRequest} with a signer prepared from `options`:
 * `signRequest` checks the request before the components, in the order of docs/spec.md §8, and then
 * signs it without checking it again.
 *
 * @param options - key, key id and what to cover.
 * @param prepared - the checked request.
 * @param hashes - the hash implementation.
 * @returns the fields to add and the signature base.
 * @throws SignwireError the errors of {@link createRequestSigner} and of the covered components.
 */
export function signPreparedRequest(options: RequestSignerOptions, prepared: PreparedRequest, hashes: HashProvider): SignedRequestParts {
  return atBoundary('CONFIGURATION_INVALID', 'the request to sign', () =>
    prepareRequestSigner(options, requestComponentRules).signPrepared(prepared, hashes),
  );
}
