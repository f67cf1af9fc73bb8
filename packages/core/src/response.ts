/**
 * Signed responses (docs/spec.md §15): a response signature covers `@status`, the response body and
 * the request it answers — its method, authority, path, query and its own signature, with the RFC 9421
 * `req` parameter — so a response cannot be altered, or replayed onto another request.
 */
import { utf8 } from './bytes.js';
import {
  type ComponentIdentifier,
  type ComponentInput,
  checkCoveredList,
  checkSignerComponents,
  serializeComponentIdentifier,
  trimOws,
} from './components.js';
import { ALGORITHM, DEFAULT_LABEL, MAX_FIELD_LENGTH, RESPONSE_TAG } from './constants.js';
import { createContentDigest } from './content-digest.js';
import { verifyCoverage } from './coverage.js';
import { atBoundary, ConfigurationError, SignwireError, VerificationError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import { assertFieldNames, type FieldLines, fieldValues, type HeadersInput, toFieldLines } from './headers.js';
import { toResponseComponentIdentifier } from './response-component-identifier.js';
import { type ResponseComponentSource, responseComponentDeriver } from './response-components.js';
import { exportKeyBytes, type HmacKey } from './secret.js';
import { buildSignatureBaseFromIds } from './signature-base.js';
import { assertLabel, SIGNER_MANAGED_FIELDS, selectSignature, serializeSignatureParams, signatureFieldValues } from './signature-fields.js';
import { assertSignatureParameters, readSignatureParameters, type SignatureParameters, toParameterMap } from './signature-params.js';
import { splitTargetUrl } from './target-uri.js';
import { timingSafeEqual } from './timing-safe-equal.js';
import { asVerificationError } from './verification-failure.js';

/** A response as core sees it. */
export interface SignableResponse {
  /** The HTTP status code (100–599). */
  readonly status: number;
  /** The response fields. */
  readonly headers?: HeadersInput | undefined;
  /** The exact body bytes, or a string sent as UTF-8. Absent or empty means "no body". */
  readonly body?: Uint8Array | string | undefined;
}

/** The request a response answers, as it was sent (client) or received (server), with its signature fields. */
export interface AnsweredRequest {
  /** The method as sent. */
  readonly method: string;
  /** The URL as sent (client: WHATWG-serialized; server: configured origin + raw request target). */
  readonly url: string | URL;
  /** Its fields, including `Signature` and `Signature-Input`. */
  readonly headers: HeadersInput;
}

/** Options shared by signing and verifying a response. */
export interface ResponseSignatureOptions {
  /** The response signature's label (default `sig1`). */
  readonly label?: string | undefined;
  /** The label of the request signature the response is bound to (default `sig1`). */
  readonly requestLabel?: string | undefined;
}

/** Everything needed to sign one response. */
export interface SignResponseInput extends ResponseSignatureOptions {
  /** The response to sign: status, fields and exact body. */
  readonly response: SignableResponse;
  /** The request it answers, as the verifier received it, with its signature fields. */
  readonly request: AnsweredRequest;
  /** The key the request was verified with. */
  readonly key: HmacKey;
  /** Its key id. */
  readonly keyId: string;
  /** The server's clock, Unix seconds: clients may learn their clock offset from it (§15.3). */
  readonly created: number;
  /** Extra response components to cover after the defaults. */
  readonly components?: readonly ComponentInput[] | undefined;
  /** The hash implementation (default `@noble/hashes`). */
  readonly hashes?: HashProvider | undefined;
}

/** The fields to add to a response, and what they were computed from. */
export interface SignedResponseParts {
  /** Field values to set on the response. */
  readonly headers: {
    /** The `Signature-Input` field value. */
    readonly 'signature-input': string;
    /** The `Signature` field value. */
    readonly signature: string;
    /** The `Content-Digest` field value, when the response has a body. */
    readonly 'content-digest'?: string;
  };
  /** The exact body bytes, when the response has a body. */
  readonly body: Uint8Array | undefined;
  /** The serialized identifiers of the covered components, in order. */
  readonly covered: readonly string[];
  /** The signature base that was MACed. */
  readonly signatureBase: string;
}

/** Everything needed to verify one response. */
export interface VerifyResponseInput extends ResponseSignatureOptions {
  /** The response as received: status, fields and exact body. */
  readonly response: SignableResponse;
  /** The request as the client sent it, including its `Signature` and `Signature-Input`. */
  readonly request: AnsweredRequest;
  /** The key the request was signed with. */
  readonly key: HmacKey;
  /** The key id the request was signed with: the response must name the same. */
  readonly keyId: string;
  /** The hash implementation (default `@noble/hashes`). */
  readonly hashes?: HashProvider | undefined;
}

/** A verified response. */
export interface VerifiedResponse {
  /** The server's time when it signed the response, Unix seconds. */
  readonly created: number;
  /** The key id of the response signature (the request's). */
  readonly keyId: string;
  /** The serialized identifiers of the covered components, in order. */
  readonly covered: readonly string[];
  /** The signature base the client computed. */
  readonly signatureBase: string;
  /** The exact body bytes (empty when none). */
  readonly body: Uint8Array;
}

/** Response fields covered when present, in this order, between `@status` and `content-digest` (§15.1). */
const RESPONSE_FIELD_DEFAULTS = ['location', 'content-type', 'content-encoding'] as const;

function requestBinding(requestLabel: string): ComponentIdentifier[] {
  return [
    { name: '@method', params: { req: true } },
    { name: '@authority', params: { req: true } },
    { name: '@path', params: { req: true } },
    { name: '@query', params: { req: true } },
    { name: 'signature', params: { key: requestLabel, req: true } },
  ];
}

function responseSource(status: number, fields: FieldLines, request: AnsweredRequest): ResponseComponentSource {
  return {
    status,
    fields,
    request: { method: request.method, target: splitTargetUrl(String(request.url)), fields: toFieldLines(request.headers) },
  };
}

function bodyBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  if (typeof body === 'string') return utf8(body);
  if (body instanceof Uint8Array) return body;
  throw new SignwireError('BODY_NOT_BUFFERABLE', 'the response body must be bytes or a string');
}

/**
 * Signs a response, bound to the request it answers (docs/spec.md §15.1).
 *
 * @param input - the response, the request it answers, the key and the server's time.
 * @returns the fields to add to the response.
 * @throws SignwireError with the codes of §15.1.
 */
export function signResponse(input: SignResponseInput): SignedResponseParts {
  return atBoundary('CONFIGURATION_INVALID', 'the signResponse() input', () => {
    // The refusals in the order of docs/spec.md §15.1: labels, status, created and keyid, fields, components.
    const { response, request } = input;
    const label = input.label ?? DEFAULT_LABEL;
    const requestLabel = input.requestLabel ?? DEFAULT_LABEL;
    assertLabel(label);
    assertLabel(requestLabel, 'requestLabel');
    const status = response.status;
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new ConfigurationError('CONFIGURATION_INVALID', 'status must be 100–599');
    const params: SignatureParameters = { created: input.created, keyid: input.keyId, alg: ALGORITHM, tag: RESPONSE_TAG };
    assertSignatureParameters(params, { requireNonce: false });
    const fields = toFieldLines(response.headers);
    assertFieldNames(fields);
    if (SIGNER_MANAGED_FIELDS.some((name) => fieldValues(fields, name).length > 0)) {
      throw new SignwireError('HEADER_FORBIDDEN', 'the response already has signature or digest fields; the signer sets them');
    }
    const body = bodyBytes(response.body);
    const digest = body.length > 0 ? createContentDigest(body, input.hashes) : undefined;
    const signedFields: FieldLines = digest === undefined ? fields : [...fields, ['content-digest', digest]];
    // §15.1: the fields that say where the response points and how to read its body, when present.
    const defaults: ComponentInput[] = [{ name: '@status' }];
    for (const name of RESPONSE_FIELD_DEFAULTS) if (fieldValues(fields, name).length > 0) defaults.push(name);
    if (digest !== undefined) defaults.push('content-digest');
    const components = checkSignerComponents(
      [...defaults, ...requestBinding(requestLabel), ...(input.components ?? [])],
      toResponseComponentIdentifier,
    );
    const signatureParams = serializeSignatureParams(components, toParameterMap(params));
    const source = responseSource(status, signedFields, request);
    const signatureBase = responseSignatureBase(components, source, signatureParams);
    const mac = (input.hashes ?? nobleHashes).hmacSha256(exportKeyBytes(input.key), utf8(signatureBase));
    return {
      headers: signatureFieldValues(label, signatureParams, mac, digest),
      body: body.length > 0 ? body : undefined,
      covered: components.map(serializeComponentIdentifier),
      signatureBase,
    };
  });
}

/**
 * Verifies a response against the request it answers (docs/spec.md §15.2). There is no time window:
 * freshness comes from the binding to the request's own signature, whose nonce is fresh.
 *
 * @param input - the response as received, the request as sent, and the request's key.
 * @returns the verified response, with the server's `created` time.
 * @throws VerificationError with the codes of §15.2.
 */
export function verifyResponseSignature(input: VerifyResponseInput): VerifiedResponse {
  return atBoundary('CONFIGURATION_INVALID', 'the verifyResponseSignature() input', () => {
    return asVerificationError(() => verifyResponseChecked(input));
  });
}

function verifyResponseChecked(input: VerifyResponseInput): VerifiedResponse {
  const fields = toFieldLines(input.response.headers);
  const [signatureInput, signature] = [fieldValues(fields, 'signature-input'), fieldValues(fields, 'signature')];
  for (const [name, values] of [
    ['signature-input', signatureInput],
    ['signature', signature],
    ['content-digest', fieldValues(fields, 'content-digest')],
  ] as const) {
    // The §5.2 combined value: SP and HTAB around each line are not counted.
    if (values.map(trimOws).join(', ').length > MAX_FIELD_LENGTH) {
      throw new VerificationError('FIELD_TOO_LARGE', `the ${name} field is longer than ${MAX_FIELD_LENGTH} characters`);
    }
  }
  if (signatureInput.length === 0 || signature.length === 0) throw new VerificationError('SIGNATURE_MISSING', 'the response is not signed');
  const selected = selectSignature(signatureInput.join(', '), signature.join(', '), input.label ?? DEFAULT_LABEL);
  const components = checkCoveredList(selected.components, toResponseComponentIdentifier);
  const params = readSignatureParameters(selected.params, { tag: RESPONSE_TAG, requireNonce: false }, selected.decimalParams);
  const body = bodyBytes(input.response.body);
  const required = [{ name: '@status' }, ...requestBinding(input.requestLabel ?? DEFAULT_LABEL)];
  const digest = verifyCoverage(components, required, fields, body.length > 0, false);
  if (params.keyid !== input.keyId) throw new VerificationError('KEY_UNKNOWN', 'the response is signed with another key than the request');
  const source = responseSource(input.response.status, fields, input.request);
  const signatureBase = responseSignatureBase(components, source, selected.signatureParams);
  const expected = (input.hashes ?? nobleHashes).hmacSha256(exportKeyBytes(input.key), utf8(signatureBase));
  if (!timingSafeEqual(expected, selected.signature))
    throw new VerificationError('SIGNATURE_INVALID', 'the response signature does not match');
  if (digest !== undefined && !timingSafeEqual(digest, (input.hashes ?? nobleHashes).sha256(body))) {
    throw new VerificationError('DIGEST_MISMATCH', 'the response body does not match its Content-Digest');
  }
  return { created: params.created, keyId: params.keyid, covered: components.map(serializeComponentIdentifier), signatureBase, body };
}

/** The signature base of a response (docs/spec.md §15): the request's base, over response components. */
function responseSignatureBase(
  components: readonly ComponentIdentifier[],
  source: ResponseComponentSource,
  signatureParams: string,
): string {
  const derive = responseComponentDeriver(source, components);
  return buildSignatureBaseFromIds(
    components.map(serializeComponentIdentifier),
    (index) => derive(components[index] as ComponentIdentifier),
    signatureParams,
  );
}
