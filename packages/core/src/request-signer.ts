/**
 * A prepared request signer (docs/spec.md §8): the key, key id, label, tag and covered components are
 * checked once, and what does not change between requests (the serialized component identifiers, the
 * constant part of `@signature-params`) is computed once. Per request it derives the component values,
 * fills in `created`, `expires` and `nonce`, and MACs the signature base, either synchronously with a
 * {@link HashProvider} or asynchronously with WebCrypto. It never imports a hash implementation itself,
 * so a browser bundle that signs with WebCrypto carries none.
 */

import { asBytes, utf8 } from './bytes.js';
import {
  type ComponentIdentifier,
  type ComponentInput,
  checkSignerComponents,
  requestComponentDeriver,
  serializeComponentIdentifier,
} from './components.js';
import { ALGORITHM, DEFAULT_LABEL, PROFILE_TAG, REQUIRED_COMPONENTS } from './constants.js';
import { formatContentDigest } from './content-digest.js';
import { atBoundary, ConfigurationError, SignwireError } from './errors.js';
import type { HashProvider } from './hash.js';
import { assertFieldNames, type FieldLines, fieldValues, toFieldLines } from './headers.js';
import { normalizeMethod, type SignableRequest } from './request.js';
import { exportKeyBytes, type HmacKey } from './secret.js';
import { buildSignatureBaseFromIds } from './signature-base.js';
import { assertLabel, SIGNER_MANAGED_FIELDS, signatureFieldValues } from './signature-fields.js';
import { assertKeyId, assertTag, assertTiming } from './signature-params.js';
import { checkExtraComponents } from './signer-components.js';
import { resolveTargetUrl, type TargetParts } from './target-uri.js';
import { importWebCryptoHmacKey, type WebCryptoMac, webCryptoSha256 } from './web-crypto.js';

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

/** A covered list for one shape of request, serialized once. */
interface CoveredList {
  readonly components: readonly ComponentIdentifier[];
  readonly identifiers: readonly string[];
  /** `("@method" "@authority" …)`, the start of `@signature-params`. */
  readonly innerList: string;
}

/**
 * A request checked and reduced to what the signature base needs, before any hashing. The timing is
 * copied out of the caller's object once, so the values checked are the values signed.
 */
export interface PreparedRequest {
  /** The timing as checked. */
  readonly timing: SignatureTiming;
  readonly method: string;
  readonly url: string;
  readonly target: TargetParts;
  readonly fields: FieldLines;
  readonly body: Uint8Array | undefined;
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
  return atBoundary('CONFIGURATION_INVALID', 'the request signer options', () => prepare(options).signer);
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
  return atBoundary('CONFIGURATION_INVALID', 'the request to sign', () => prepare(options).signPrepared(prepared, hashes));
}

/** A prepared signer, and its synchronous step for a request that is already checked. */
interface PreparedSigner {
  readonly signer: RequestSigner;
  readonly signPrepared: (prepared: PreparedRequest, hashes: HashProvider) => SignedRequestParts;
}

function prepare(options: RequestSignerOptions): PreparedSigner {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'a request signer needs { key, keyId }');
  }
  let keyBytes: Uint8Array | undefined = exportKeyBytes(options.key);
  const webCryptoOnly = options.webCryptoOnly === true;
  const { keyId } = options;
  const label = options.label ?? DEFAULT_LABEL;
  const tag = options.tag ?? PROFILE_TAG;
  assertKeyId(keyId);
  assertTag(tag);
  assertLabel(label);
  const extras = checkExtraComponents(options.components ?? []);
  // `;keyid=…;alg=…;tag=…`, serialized once. assertKeyId and assertTag admit neither `"` nor `\` nor
  // anything outside printable ASCII, so each is an RFC 8941 String as written. Per request only
  // created, expires and nonce are added (checked by assertTiming). A property test compares the whole
  // `@signature-params` with the general structured-field serializer.
  const constantParams = `;keyid="${keyId}";alg="${ALGORITHM}";tag="${tag}"`;
  const coveredLists = new Map<string, CoveredList>();
  const coveredList = (shape: RequestShape): CoveredList => {
    const key = `${shape.hasContentType}${shape.hasContentEncoding}${shape.hasBody}`;
    let list = coveredLists.get(key);
    if (list === undefined) {
      list = buildCoveredList(shape, extras);
      coveredLists.set(key, list);
    }
    return list;
  };

  /** Builds the signature base of a prepared request; the returned draft adds the MAC. */
  const draft = (request: PreparedRequest, contentDigest: string | undefined): Draft => {
    const { timing } = request;
    const fields: FieldLines = contentDigest === undefined ? request.fields : [...request.fields, ['content-digest', contentDigest]];
    const covered = coveredList({
      hasContentType: fieldValues(request.fields, 'content-type').length > 0,
      hasContentEncoding: fieldValues(request.fields, 'content-encoding').length > 0,
      hasBody: request.body !== undefined,
    });
    const expires = timing.expires === undefined ? '' : `;expires=${timing.expires}`;
    const signatureParams = `${covered.innerList};created=${timing.created}${expires};nonce="${timing.nonce}"${constantParams}`;
    const source = { method: request.method, target: request.target, fields };
    const deriveValue = requestComponentDeriver(source, covered.components);
    const derive = (index: number) => deriveValue(covered.components[index] as ComponentIdentifier);
    const signatureBase = buildSignatureBaseFromIds(covered.identifiers, derive, signatureParams);
    return {
      signatureBase,
      withMac: (mac) => ({
        headers: signatureFieldValues(label, signatureParams, mac, contentDigest),
        method: request.method,
        url: request.url,
        body: request.body,
        covered: covered.identifiers,
        signatureBase,
      }),
    };
  };

  let webCryptoMac: Promise<WebCryptoMac> | undefined;
  // HMAC under this key, prepared once per HashProvider where the provider can (hmacSha256WithKey).
  let keyed: { readonly hashes: HashProvider; readonly mac: (data: Uint8Array) => Uint8Array } | undefined;
  const macWith = (hashes: HashProvider): ((data: Uint8Array) => Uint8Array) => {
    if (keyed?.hashes !== hashes) {
      if (webCryptoOnly) throw new ConfigurationError('CONFIGURATION_INVALID', 'this signer signs with WebCrypto only (webCryptoOnly)');
      const bytes = keyBytes as Uint8Array;
      keyed = { hashes, mac: hashes.hmacSha256WithKey?.(bytes) ?? ((data) => hashes.hmacSha256(bytes, data)) };
    }
    return keyed.mac;
  };
  const signPrepared = (prepared: PreparedRequest, hashes: HashProvider): SignedRequestParts => {
    if (hashes === null || typeof hashes !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'sign() needs a HashProvider');
    const digest = prepared.body === undefined ? undefined : bodyDigest(prepared.body, prepared.timing.bodySha256, hashes.sha256);
    const unsigned = draft(prepared, digest);
    return unsigned.withMac(macWith(hashes)(utf8(unsigned.signatureBase)));
  };
  const signer: RequestSigner = Object.freeze({
    keyId,
    sign(request: SignableRequest, timing: SignatureTiming, hashes: HashProvider): SignedRequestParts {
      return atBoundary('CONFIGURATION_INVALID', 'the request to sign', () => signPrepared(prepareRequest(request, timing), hashes));
    },
    async signWithWebCrypto(request: SignableRequest, timing: SignatureTiming): Promise<SignedRequestParts> {
      const prepared = atBoundary('CONFIGURATION_INVALID', 'the request to sign', () => prepareRequest(request, timing));
      const { body } = prepared;
      const precomputed = prepared.timing.bodySha256;
      const digest = body === undefined ? undefined : bodyDigest(body, precomputed ?? (await webCryptoSha256(body)), undefined);
      const unsigned = atBoundary('CONFIGURATION_INVALID', 'the request to sign', () => draft(prepared, digest));
      webCryptoMac ??= importWebCryptoHmacKey(keyBytes as Uint8Array).then(
        (mac) => {
          if (webCryptoOnly) {
            keyBytes?.fill(0); // WebCrypto holds the key now; this signer keeps none
            keyBytes = undefined;
          }
          return mac;
        },
        (error: unknown) => {
          webCryptoMac = undefined;
          throw error;
        },
      );
      const mac = await webCryptoMac;
      return unsigned.withMac(await mac(utf8(unsigned.signatureBase)));
    },
  });
  return { signer, signPrepared };
}

/** A signature base waiting for its MAC. */
interface Draft {
  readonly signatureBase: string;
  withMac(mac: Uint8Array): SignedRequestParts;
}

/** What decides a request's default covered list (docs/spec.md §6). */
interface RequestShape {
  readonly hasContentType: boolean;
  readonly hasContentEncoding: boolean;
  readonly hasBody: boolean;
}

function buildCoveredList(shape: RequestShape, extras: readonly ComponentIdentifier[]): CoveredList {
  const components: ComponentIdentifier[] = REQUIRED_COMPONENTS.map((name) => ({ name }));
  if (shape.hasContentType) components.push({ name: 'content-type' });
  if (shape.hasContentEncoding) components.push({ name: 'content-encoding' });
  if (shape.hasBody) components.push({ name: 'content-digest' });
  components.push(...extras);
  // An extra may repeat a default that only some requests cover (content-type, content-encoding):
  // refused per shape.
  checkSignerComponents(components);
  // Frozen: the identifiers are handed to callers (SignedRequestParts.covered) and reused per request.
  const identifiers = components.map(serializeComponentIdentifier);
  return {
    components: Object.freeze(components.map((component) => Object.freeze(component))),
    identifiers: Object.freeze(identifiers),
    // RFC 8941 §4.1.1.1: an inner list is its items' serializations, space-separated, in parentheses.
    innerList: `(${identifiers.join(' ')})`,
  };
}

/**
 * Checks a request and its timing as spec §8 steps 1 (parameters) to 4 (body) do, before any hashing.
 *
 * @param request - the request to sign.
 * @param timing - `created`, `nonce`, optional `expires` and body digest.
 * @returns the checked request, with its own copy of the timing.
 * @throws SignwireError PARAMETER_INVALID, METHOD_INVALID, URL_INVALID, HEADER_INVALID, HEADER_FORBIDDEN,
 * BODY_NOT_BUFFERABLE or CONFIGURATION_INVALID.
 */
export function prepareRequest(request: SignableRequest, timing: SignatureTiming): PreparedRequest {
  if (request === null || typeof request !== 'object') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the request must be { method, url, headers, body }');
  }
  if (timing === null || typeof timing !== 'object')
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the timing must be { created, nonce }');
  const { created, expires, nonce, bodySha256 } = timing;
  assertTiming(created, expires, nonce);
  const method = normalizeMethod(request.method);
  const { url, target } = resolveTargetUrl(request.url);
  const fields = toFieldLines(request.headers);
  assertFieldNames(fields);
  for (const name of SIGNER_MANAGED_FIELDS) {
    if (fieldValues(fields, name).length > 0) {
      throw new SignwireError('HEADER_FORBIDDEN', `the request already has a ${name} field; the signer sets it`);
    }
  }
  return { timing: { created, expires, nonce, bodySha256 }, method, url, target, fields, body: toBodyBytes(request.body) };
}

function toBodyBytes(body: Uint8Array | string | undefined): Uint8Array | undefined {
  if (body === undefined) return undefined;
  const bytes = typeof body === 'string' ? utf8(body) : asBytes(body);
  if (bytes === undefined) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body must be bytes or a string');
  return bytes.length === 0 ? undefined : bytes;
}

function bodyDigest(body: Uint8Array, precomputed: Uint8Array | undefined, sha256: HashProvider['sha256'] | undefined): string {
  if (precomputed === undefined && sha256 !== undefined) return formatContentDigest(sha256(body));
  if (!(precomputed instanceof Uint8Array) || precomputed.length !== 32) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'bodySha256 must be the 32-byte SHA-256 of the body');
  }
  return formatContentDigest(precomputed);
}
