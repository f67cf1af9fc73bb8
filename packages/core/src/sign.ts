/**
 * Signing a request (docs/spec.md §8): pure and synchronous.
 */
import { asBytes, utf8 } from './bytes.js';
import {
  type ComponentIdentifier,
  type ComponentInput,
  checkSignerComponents,
  serializeComponentIdentifier,
  toComponentIdentifier,
} from './components.js';
import { ALGORITHM, DEFAULT_LABEL, PROFILE_TAG, REQUIRED_COMPONENTS } from './constants.js';
import { createContentDigest, formatContentDigest } from './content-digest.js';
import { atBoundary, SignwireError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import { assertFieldNames, type FieldLines, fieldValues, printable, toFieldLines } from './headers.js';
import { normalizeMethod, type SignableRequest } from './request.js';
import { exportKeyBytes, type HmacKey } from './secret.js';
import { createSignatureBase } from './signature-base.js';
import { assertLabel, formatSignatureFields, serializeSignatureParams } from './signature-fields.js';
import { assertSignatureParameters, type SignatureParameters, toParameterMap } from './signature-params.js';
import { serializeTargetUrl, splitTargetUrl } from './target-uri.js';

/** Fields a signer must never cover (docs/spec.md §6). */
const FORBIDDEN_FIELDS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'date',
  'cookie',
  'cookie2',
  'set-cookie',
  'origin',
  'referer',
  'via',
  'dnt',
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'signature',
  'signature-input',
  'content-digest',
]);
const SIGNER_MANAGED_FIELDS = ['signature', 'signature-input', 'content-digest'];

/** Everything needed to sign one request. */
export interface SignRequestInput {
  /** The request; its body must already be the exact bytes to send. */
  readonly request: SignableRequest;
  /** The key (see `importSecret`). */
  readonly key: HmacKey;
  /** The key id the verifier looks the key up by. */
  readonly keyId: string;
  /** Unix seconds. */
  readonly created: number;
  /** A fresh nonce (see `createNonce`). */
  readonly nonce: string;
  /** Optional expiry, Unix seconds, later than `created`. */
  readonly expires?: number | undefined;
  /** Extra components to cover after the defaults (e.g. `x-request-id`). */
  readonly components?: readonly ComponentInput[] | undefined;
  /** The signature label (default `sig1`). */
  readonly label?: string | undefined;
  /** The profile tag (default `signwire-v1`). */
  readonly tag?: string | undefined;
  /** The hash implementation (default `@noble/hashes`). */
  readonly hashes?: HashProvider | undefined;
  /**
   * The SHA-256 of the body, when the caller already computed it natively (e.g. with WebCrypto for
   * a large body). It must be the digest of exactly `request.body`; 32 bytes.
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
      throw new SignwireError('CONFIGURATION_INVALID', 'signRequest() needs { request, key, keyId, created, nonce }');
    }
    return signChecked(input);
  });
}

function signChecked(input: SignRequestInput): SignedRequestParts {
  const hashes = input.hashes ?? nobleHashes;
  const label = input.label ?? DEFAULT_LABEL;
  const params: SignatureParameters = {
    created: input.created,
    expires: input.expires,
    nonce: input.nonce,
    keyid: input.keyId,
    alg: ALGORITHM,
    tag: input.tag ?? PROFILE_TAG,
  };
  const keyBytes = exportKeyBytes(input.key);
  assertSignatureParameters(params);
  assertLabel(label);
  const method = normalizeMethod(input.request.method);
  const url = serializeTargetUrl(input.request.url);
  const fields = toFieldLines(input.request.headers);
  assertFieldNames(fields);
  for (const name of SIGNER_MANAGED_FIELDS) {
    if (fieldValues(fields, name).length > 0) {
      throw new SignwireError('HEADER_FORBIDDEN', `the request already has a ${name} field; the signer sets it`);
    }
  }
  const body = toBodyBytes(input.request.body);
  const contentDigest = body === undefined ? undefined : bodyDigest(body, input.bodySha256, hashes);
  const signedFields: FieldLines = contentDigest === undefined ? fields : [...fields, ['content-digest', contentDigest]];
  const components = coveredComponents(fields, body !== undefined, input.components ?? []);
  const signatureParams = serializeSignatureParams(components, toParameterMap(params));
  const signatureBase = createSignatureBase(components, { method, target: splitTargetUrl(url), fields: signedFields }, signatureParams);
  const mac = hashes.hmacSha256(keyBytes, utf8(signatureBase));
  const formatted = formatSignatureFields(label, signatureParams, mac);
  return {
    headers: {
      'signature-input': formatted.signatureInput,
      signature: formatted.signature,
      ...(contentDigest === undefined ? {} : { 'content-digest': contentDigest }),
    },
    method,
    url,
    body,
    covered: components.map(serializeComponentIdentifier),
    signatureBase,
  };
}

function bodyDigest(body: Uint8Array, precomputed: Uint8Array | undefined, hashes: HashProvider): string {
  if (precomputed === undefined) return createContentDigest(body, hashes);
  if (!(precomputed instanceof Uint8Array) || precomputed.length !== 32) {
    throw new SignwireError('CONFIGURATION_INVALID', 'bodySha256 must be the 32-byte SHA-256 of the body');
  }
  return formatContentDigest(precomputed);
}

function toBodyBytes(body: Uint8Array | string | undefined): Uint8Array | undefined {
  if (body === undefined) return undefined;
  const bytes = typeof body === 'string' ? utf8(body) : asBytes(body);
  if (bytes === undefined) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body must be bytes or a string');
  return bytes.length === 0 ? undefined : bytes;
}

function coveredComponents(fields: FieldLines, hasBody: boolean, extras: readonly ComponentInput[]): ComponentIdentifier[] {
  const defaults: ComponentIdentifier[] = REQUIRED_COMPONENTS.map((name) => ({ name }));
  if (fieldValues(fields, 'content-type').length > 0) defaults.push({ name: 'content-type' });
  if (hasBody) defaults.push({ name: 'content-digest' });
  return checkSignerComponents([...defaults, ...checkExtraComponents(extras)]);
}

/**
 * Checks the extra components a signer is asked to cover, in the order of docs/spec.md §6: each is a
 * valid request-signature identifier, not a field the signer must not cover, and not a repeat (of
 * another extra or of an always-covered default). Signers call it once at construction to fail fast;
 * `signRequest` applies the same checks per request.
 *
 * @param extras - the components to cover after the defaults.
 * @returns the checked identifiers.
 * @throws SignwireError COMPONENT_INVALID, COMPONENT_UNSUPPORTED or HEADER_FORBIDDEN.
 */
export function checkExtraComponents(extras: readonly ComponentInput[]): ComponentIdentifier[] {
  if (!Array.isArray(extras)) throw new SignwireError('COMPONENT_INVALID', 'components must be an array');
  const identifiers = extras.map((extra) => {
    const identifier = toComponentIdentifier(extra);
    const { name } = identifier;
    if (FORBIDDEN_FIELDS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-')) {
      throw new SignwireError('HEADER_FORBIDDEN', `the field ${printable(name)} must not be covered (browsers set or forbid it)`);
    }
    return identifier;
  });
  checkSignerComponents([...REQUIRED_COMPONENTS.map((name) => ({ name })), ...identifiers]);
  return identifiers;
}
