/**
 * Verifying a request (docs/spec.md §9), as small synchronous steps that a server composes with its
 * own (possibly asynchronous) key resolver and nonce store, plus `verifyRequestSignature`, which
 * runs them all for a fixed key ring and clock.
 */
import { utf8, utf8Transient } from './bytes.js';
import {
  type ComponentIdentifier,
  type ComponentInput,
  requestComponentDeriver,
  serializeComponentIdentifier,
  toComponentIdentifier,
  trimOws,
} from './components.js';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_LABEL,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_BODY_BYTES,
  MAX_FIELD_LENGTH,
  PROFILE_TAG,
  REQUIRED_COMPONENTS,
} from './constants.js';
import { parseContentDigest } from './content-digest.js';
import { atBoundary, ConfigurationError, SignwireError, type SignwireErrorCode, VerificationError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import { type FieldLines, isFieldNamed, toFieldLines } from './headers.js';
import { hasContentCoding, parseReceivedJson, singleContentType } from './received-json.js';
import type { SignableRequest } from './request.js';
import type { HmacKey } from './secret.js';
import { buildSignatureBaseFromIds } from './signature-base.js';
import { selectSignature } from './signature-fields.js';
import { readSignatureParameters, type SignatureParameters } from './signature-params.js';
import { splitTargetUrl, type TargetParts } from './target-uri.js';
import { timingSafeEqual } from './timing-safe-equal.js';
import { cachedHmacSha256, checkReceivedCoveredList, type VerificationCache } from './verification-cache.js';

/** The verifier's policy; every member has a safe default (docs/spec.md §9). */
export interface VerificationPolicy {
  /** The label of the signature to verify (default `sig1`). Other signatures are ignored. */
  readonly label?: string | undefined;
  /** The accepted `tag` (default `signwire-v1`). */
  readonly tag?: string | undefined;
  /** Maximum age of `created`, seconds (default 300). */
  readonly maxAgeSeconds?: number | undefined;
  /** Allowed clock skew for `created` in the future, seconds (default 60). */
  readonly clockSkewSeconds?: number | undefined;
  /** Maximum body size, bytes (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined;
  /** Components required in addition to the profile's defaults. */
  readonly requiredComponents?: readonly ComponentInput[] | undefined;
  /**
   * Accept JSON bodies with members named `__proto__`, or `prototype` in a `constructor` member's
   * object (default false: JSON_PROTOTYPE_MEMBER). Only for an application that never merges a
   * parsed body into another object (`Object.assign`, spread, deep merge).
   */
  readonly allowJsonPrototypeMembers?: boolean | undefined;
}

/** A policy with every default filled in. */
export interface ResolvedPolicy {
  /** The label of the signature that is verified. */
  readonly label: string;
  /** The accepted `tag`. */
  readonly tag: string;
  /** Maximum age of `created`, seconds. */
  readonly maxAgeSeconds: number;
  /** Allowed clock skew for `created` in the future, seconds. */
  readonly clockSkewSeconds: number;
  /** Maximum body size, bytes. */
  readonly maxBodyBytes: number;
  /** Components required in addition to the profile's defaults. */
  readonly requiredComponents: readonly ComponentIdentifier[];
  /** Whether JSON bodies may have `__proto__` / `constructor.prototype` members. */
  readonly allowJsonPrototypeMembers: boolean;
}

/** A key in the verifier's key ring. */
export interface KeyRingEntry {
  /** The key (see `importSecret`). */
  readonly key: HmacKey;
  /** Unix seconds before which the key is not accepted. */
  readonly notBefore?: number | undefined;
  /** Unix seconds from which the key is no longer accepted. */
  readonly notAfter?: number | undefined;
  /** A retired key is never accepted. */
  readonly retired?: boolean | undefined;
  /** Whom an issued key was issued to (docs/spec.md §16); reported as the verified signature's `subject`. */
  readonly subject?: string | undefined;
  /**
   * Runs once the MAC and the digest verified, before the replay store (docs/spec.md §16.5 step 6):
   * throws to refuse the request (KEY_REVOKED). `verifyRequestSignature` is synchronous and refuses
   * one that returns a promise; `@signwire/server` awaits it.
   */
  readonly confirm?: (() => void | PromiseLike<void>) | undefined;
}

/** A received request whose signature has been parsed and checked up to (not including) the key. */
export interface PendingVerification {
  /** The label of the selected signature. */
  readonly label: string;
  /** The checked signature parameters. */
  readonly params: SignatureParameters;
  /** The nonce (required in request signatures). */
  readonly nonce: string;
  /** The covered components, in received order (frozen and shared between requests that cover the same list). */
  readonly components: readonly ComponentIdentifier[];
  /** Serialized identifiers of the covered components, in order (frozen and shared like `components`). */
  readonly covered: readonly string[];
  /** The `@signature-params` value: the received inner list re-serialized. */
  readonly signatureParams: string;
  /** The received MAC. */
  readonly signature: Uint8Array;
  /** The method as received. */
  readonly method: string;
  /** The received URL: configured origin + raw request target. */
  readonly url: string;
  /**
   * The URL's parts; reading it splits the URL (once), so `URL_INVALID` surfaces at step 10 with the
   * other component errors. A getter on the prototype, not an own property.
   */
  readonly target: TargetParts;
  /** The received header fields, in order. */
  readonly fields: FieldLines;
  /** The received body bytes. */
  readonly body: Uint8Array;
  /** The `sha-256` member of `Content-Digest` when `content-digest` is covered. */
  readonly digest: Uint8Array | undefined;
  /** Unix seconds until which this signature can be accepted: min(created + max age, expires). */
  readonly acceptableUntil: number;
}

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
 * Fills in policy defaults and checks them.
 *
 * @param policy - the policy as configured.
 * @returns the resolved policy.
 * @throws SignwireError CONFIGURATION_INVALID for a non-positive max age, a negative skew, …
 */
export function resolvePolicy(policy: VerificationPolicy = {}): ResolvedPolicy {
  if (policy === null || typeof policy !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'the policy must be an object');
  const resolved = {
    label: policy.label ?? DEFAULT_LABEL,
    tag: policy.tag ?? PROFILE_TAG,
    maxAgeSeconds: policy.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    clockSkewSeconds: policy.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    maxBodyBytes: policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    requiredComponents: (policy.requiredComponents ?? []).map((component) => toComponentIdentifier(component)),
    allowJsonPrototypeMembers: policy.allowJsonPrototypeMembers ?? false,
  };
  const checks: [boolean, string][] = [
    [Number.isInteger(resolved.maxAgeSeconds) && resolved.maxAgeSeconds > 0, 'maxAgeSeconds must be a positive integer'],
    [Number.isInteger(resolved.clockSkewSeconds) && resolved.clockSkewSeconds >= 0, 'clockSkewSeconds must be a non-negative integer'],
    [Number.isInteger(resolved.maxBodyBytes) && resolved.maxBodyBytes >= 0, 'maxBodyBytes must be a non-negative integer'],
    [/^[a-z*][a-z0-9_\-.*]{0,63}$/.test(resolved.label), 'label must be a structured-field key'],
    [resolved.tag.length > 0, 'tag must not be empty'],
    [typeof resolved.allowJsonPrototypeMembers === 'boolean', 'allowJsonPrototypeMembers must be a boolean'],
  ];
  for (const [ok, message] of checks) if (!ok) throw new ConfigurationError('CONFIGURATION_INVALID', message);
  return resolved;
}

/**
 * Steps 1–2 of docs/spec.md §9: field sizes and framing, from headers only (before reading a body).
 *
 * @param fields - the received field lines.
 * @param policy - the resolved policy.
 * @returns the declared `Content-Length`, if any.
 * @throws VerificationError FIELD_TOO_LARGE, FRAMING_AMBIGUOUS or BODY_TOO_LARGE.
 */
export function checkFraming(fields: FieldLines, policy: ResolvedPolicy): number | undefined {
  const { combinedLengths, lengths, encodings } = framingFields(fields);
  for (const [i, name] of SIZED_FIELDS.entries()) {
    if ((combinedLengths[i] as number) > MAX_FIELD_LENGTH) {
      throw fail('FIELD_TOO_LARGE', `the ${name} field is longer than ${MAX_FIELD_LENGTH} characters`);
    }
  }
  if (lengths.length > 0 && encodings.length > 0) {
    throw fail('FRAMING_AMBIGUOUS', 'the request has both Content-Length and Transfer-Encoding');
  }
  if (encodings.length > 0 && (encodings.length > 1 || trimSpaceAndTab(encodings[0] as string).toLowerCase() !== 'chunked')) {
    throw fail('FRAMING_AMBIGUOUS', 'Transfer-Encoding must be exactly "chunked"');
  }
  if (lengths.length === 0) return undefined;
  const declared = lengths.length === 1 ? trimSpaceAndTab(lengths[0] as string) : '';
  if (!/^[0-9]{1,15}$/.test(declared)) throw fail('FRAMING_AMBIGUOUS', 'Content-Length must be one decimal number');
  const length = Number(declared);
  if (length > policy.maxBodyBytes) throw fail('BODY_TOO_LARGE', `the body is larger than ${policy.maxBodyBytes} bytes`);
  return length;
}

/** A field value without leading and trailing SP and HTAB (RFC 9110 §5.5: the only whitespace a field value sheds). */
function trimSpaceAndTab(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * The fields whose combined value (docs/spec.md §5.2: each line without leading and trailing SP and
 * HTAB, joined with ", ") is limited to {@link MAX_FIELD_LENGTH}.
 */
const SIZED_FIELDS = ['signature-input', 'signature', 'content-digest'] as const;

/** The index of `name` in {@link SIZED_FIELDS}, or -1. */
function sizedFieldIndex(name: string): number {
  for (let i = 0; i < SIZED_FIELDS.length; i++) if (isFieldNamed(name, SIZED_FIELDS[i] as string)) return i;
  return -1;
}

/** What step 2 reads, collected in one pass over the lines. */
function framingFields(fields: FieldLines): { combinedLengths: number[]; lengths: string[]; encodings: string[] } {
  const combinedLengths = [-2, -2, -2]; // each line adds its length and the 2 characters of ", "; the first adds no ", "
  const lengths: string[] = [];
  const encodings: string[] = [];
  for (const [name, value] of fields) {
    const sized = sizedFieldIndex(name);
    if (sized >= 0) combinedLengths[sized] = (combinedLengths[sized] as number) + 2 + trimOws(value).length;
    else if (isFieldNamed(name, 'content-length')) lengths.push(value);
    else if (isFieldNamed(name, 'transfer-encoding')) encodings.push(value);
  }
  return { combinedLengths, lengths, encodings };
}

/**
 * Step 2 (end) for a body already read: its size and its agreement with `Content-Length`.
 *
 * @param body - the received body bytes.
 * @param declaredLength - the `Content-Length`, if any.
 * @param policy - the resolved policy.
 * @throws VerificationError BODY_TOO_LARGE or CONTENT_LENGTH_MISMATCH.
 */
export function checkBodyLength(body: Uint8Array, declaredLength: number | undefined, policy: ResolvedPolicy): void {
  if (body.length > policy.maxBodyBytes) throw fail('BODY_TOO_LARGE', `the body is larger than ${policy.maxBodyBytes} bytes`);
  if (declaredLength !== undefined && declaredLength !== body.length) {
    throw fail('CONTENT_LENGTH_MISMATCH', 'Content-Length does not match the body length');
  }
}

/**
 * Steps 3–8 of docs/spec.md §9: presence, parsing, covered list, parameters, time and coverage.
 *
 * @param request - the received request (URL = configured origin + raw request target).
 * @param body - the body bytes, already checked by {@link checkBodyLength}.
 * @param policy - the resolved policy.
 * @param now - the verifier's clock, Unix seconds.
 * @param options - `checkTime: false` skips step 7, to inspect a signature that was already refused
 * for its time (a server deciding whether to sign that rejection, docs/spec.md §15.3); `cache`, the
 * verifier's {@link VerificationCache}; `fields`, `request.headers` as `toFieldLines` already
 * converted them (for {@link checkFraming}), so that they are not converted again.
 * @returns the parsed signature, ready for the key step.
 * @throws VerificationError with the codes of steps 3–8.
 */
export function checkSignature(
  request: SignableRequest,
  body: Uint8Array,
  policy: ResolvedPolicy,
  now: number,
  options: {
    readonly checkTime?: boolean;
    readonly cache?: VerificationCache | undefined;
    readonly fields?: FieldLines | undefined;
  } = {},
): PendingVerification {
  return asVerificationError(() =>
    checkSignatureOf(
      request,
      options.fields ?? toFieldLines(request.headers),
      body,
      policy,
      now,
      options.checkTime !== false,
      options.cache,
    ),
  );
}

/** {@link checkSignature} over field lines already converted. */
function checkSignatureOf(
  request: SignableRequest,
  fields: FieldLines,
  body: Uint8Array,
  policy: ResolvedPolicy,
  now: number,
  withTime: boolean,
  cache: VerificationCache | undefined,
): PendingVerification {
  const read = readSignatureFields(fields);
  if (read.signatureInput === undefined || read.signature === undefined) {
    throw fail('SIGNATURE_MISSING', 'the request has no Signature-Input or Signature field');
  }
  const selected = selectSignature(read.signatureInput, read.signature, policy.label);
  const { components, covered } = checkReceivedCoveredList(selected.components, cache);
  const params = readSignatureParameters(selected.params, policy, selected.decimalParams);
  const nonce = params.nonce;
  if (nonce === undefined) throw fail('NONCE_MISSING', 'the signature has no nonce parameter');
  if (withTime) checkTime(params, policy, now);
  const digest = checkCoveredFields(covered, requiredIds(policy), read, body.length > 0, true);
  return new ReceivedSignatureState(
    selected.label,
    params,
    nonce,
    components,
    covered,
    selected.signatureParams,
    selected.signature,
    request.method,
    String(request.url),
    fields,
    body,
    digest,
    Math.min(params.created + policy.maxAgeSeconds, params.expires ?? Number.POSITIVE_INFINITY),
  );
}

/**
 * The {@link PendingVerification} that {@link checkSignature} returns. A class rather than an object
 * literal with a getter (which V8 builds on a slow path, measured at ~1 µs per request); `target` is
 * therefore a getter on the prototype, not an own property.
 */
class ReceivedSignatureState implements PendingVerification {
  #target: TargetParts | undefined;

  constructor(
    readonly label: string,
    readonly params: SignatureParameters,
    readonly nonce: string,
    readonly components: readonly ComponentIdentifier[],
    readonly covered: readonly string[],
    readonly signatureParams: string,
    readonly signature: Uint8Array,
    readonly method: string,
    readonly url: string,
    readonly fields: FieldLines,
    readonly body: Uint8Array,
    readonly digest: Uint8Array | undefined,
    readonly acceptableUntil: number,
  ) {}

  /** Split on first read (step 10), then kept: the base reads it once per component. */
  get target(): TargetParts {
    this.#target ??= splitTargetUrl(this.url);
    return this.#target;
  }
}

function checkTime(params: SignatureParameters, policy: ResolvedPolicy, now: number): void {
  if (params.created > now + policy.clockSkewSeconds) {
    throw fail('SIGNATURE_FROM_FUTURE', 'created is further in the future than the allowed clock skew');
  }
  if (now > params.created + policy.maxAgeSeconds) throw fail('SIGNATURE_EXPIRED', 'the signature is older than the maximum age');
  if (params.expires !== undefined && now > params.expires) throw fail('SIGNATURE_EXPIRED', 'the signature has expired');
}

/** The profile's required components, serialized once. */
const REQUIRED_IDS: readonly string[] = /* @__PURE__ */ REQUIRED_COMPONENTS.map((name) => serializeComponentIdentifier({ name }));

/** What a request signature must cover besides `content-type` / `content-digest`: the profile's list, then the policy's. */
function requiredIds(policy: ResolvedPolicy): readonly string[] {
  const extra = policy.requiredComponents;
  return extra.length === 0 ? REQUIRED_IDS : [...REQUIRED_IDS, ...extra.map(serializeComponentIdentifier)];
}

/**
 * Step 8 of docs/spec.md §9 (and §15.2 step 7 for responses): every required component covered, and
 * the body bound by a covered, parseable `Content-Digest`.
 *
 * @param components - the covered components.
 * @param required - what the policy requires besides `content-type`/`content-encoding`/`content-digest`.
 * @param fields - the message's fields.
 * @param hasBody - whether the message has body bytes.
 * @param codingRequired - whether a body's `Content-Encoding` must be covered: for requests, not for
 * responses (an HTTP client decodes a response before the digest is checked over what it reads, §15.2).
 * @returns the `sha-256` digest to check against the body, when `content-digest` is covered.
 * @throws VerificationError COMPONENT_MISSING, DIGEST_MISSING or DIGEST_MALFORMED.
 */
export function checkCoverage(
  components: readonly ComponentIdentifier[],
  required: readonly ComponentIdentifier[],
  fields: FieldLines,
  hasBody: boolean,
  codingRequired: boolean,
): Uint8Array | undefined {
  const covered = components.map(serializeComponentIdentifier);
  return checkCoveredFields(covered, required.map(serializeComponentIdentifier), readSignatureFields(fields), hasBody, codingRequired);
}

/** {@link checkCoverage} over serialized identifiers and the fields it reads, collected beforehand. */
function checkCoveredFields(
  covered: readonly string[],
  required: readonly string[],
  read: SignatureFields,
  hasBody: boolean,
  codingRequired: boolean,
): Uint8Array | undefined {
  // A few required identifiers: searching the list beats building a Set.
  for (const id of required) if (!covered.includes(id)) throw fail('COMPONENT_MISSING', `the signature does not cover ${id}`);
  if (hasBody && read.hasContentType && !covered.includes('"content-type"')) {
    throw fail('COMPONENT_MISSING', 'the signature does not cover "content-type"');
  }
  if (hasBody && read.hasContentEncoding && codingRequired && !covered.includes('"content-encoding"')) {
    throw fail('COMPONENT_MISSING', 'the signature does not cover "content-encoding" (the body has a content coding)');
  }
  const digestCovered = covered.includes('"content-digest"');
  if (hasBody && !digestCovered) throw fail('DIGEST_MISSING', 'the message has a body but content-digest is not covered');
  if (!digestCovered) return undefined;
  if (read.contentDigest === undefined) throw fail('DIGEST_MISSING', 'the message has no Content-Digest field');
  return parseContentDigest(read.contentDigest);
}

/** The fields steps 3–8 read: combined values (lines joined with ", "), `undefined` when absent. */
interface SignatureFields {
  readonly signatureInput: string | undefined;
  readonly signature: string | undefined;
  readonly contentDigest: string | undefined;
  readonly hasContentType: boolean;
  readonly hasContentEncoding: boolean;
}

/** Collects {@link SignatureFields} in one pass over the lines (rather than one pass per field). */
function readSignatureFields(fields: FieldLines): SignatureFields {
  let signatureInput: string | undefined;
  let signature: string | undefined;
  let contentDigest: string | undefined;
  let hasContentType = false;
  let hasContentEncoding = false;
  for (const [name, value] of fields) {
    if (isFieldNamed(name, 'signature-input')) signatureInput = combine(signatureInput, value);
    else if (isFieldNamed(name, 'signature')) signature = combine(signature, value);
    else if (isFieldNamed(name, 'content-digest')) contentDigest = combine(contentDigest, value);
    else if (isFieldNamed(name, 'content-type')) hasContentType = true;
    else if (isFieldNamed(name, 'content-encoding')) hasContentEncoding = true;
  }
  return { signatureInput, signature, contentDigest, hasContentType, hasContentEncoding };
}

/** A field's combined value so far, with one more line. */
function combine(combined: string | undefined, value: string): string {
  return combined === undefined ? value : `${combined}, ${value}`;
}

/**
 * Step 9: the key's validity window.
 *
 * @param entry - the key ring entry for `keyid`, or `undefined`.
 * @param keyId - the key id (for the message).
 * @param now - Unix seconds.
 * @returns the key.
 * @throws VerificationError KEY_UNKNOWN, KEY_NOT_YET_VALID or KEY_RETIRED.
 */
export function checkKey(entry: KeyRingEntry | undefined, keyId: string, now: number): HmacKey {
  if (entry === undefined) throw fail('KEY_UNKNOWN', `no key with keyid "${keyId}"`);
  if (entry.notBefore !== undefined && now < entry.notBefore) throw fail('KEY_NOT_YET_VALID', `the key "${keyId}" is not valid yet`);
  if (entry.retired === true) throw fail('KEY_RETIRED', `the key "${keyId}" is retired`);
  if (entry.notAfter !== undefined && now >= entry.notAfter) {
    throw fail('KEY_RETIRED', `the key "${keyId}" expired at ${entry.notAfter} (now ${now}): it is retired`);
  }
  return entry.key;
}

/**
 * Steps 10–12: signature base, MAC and body digest, all compared in constant time.
 *
 * @param pending - the result of {@link checkSignature}.
 * @param key - the key from {@link checkKey}.
 * @param hashes - the hash implementation (servers may inject native hashing).
 * @param cache - the verifier's {@link VerificationCache} (the key's prepared HMAC state), if any.
 * @returns the verified signature (the nonce still has to pass the replay store, step 13).
 * @throws VerificationError COMPONENT_*, QUERY_PARAM_AMBIGUOUS, URL_INVALID, SIGNATURE_INVALID or DIGEST_MISMATCH.
 */
export function checkMac(
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

/** Everything {@link verifyRequestSignature} needs. */
export interface VerifyRequestInput {
  /** The received request: URL = configured origin + raw request target; body = bytes received. */
  readonly request: SignableRequest;
  /** The verifier's clock, Unix seconds. */
  readonly now: number;
  /** Looks a key up by `keyid`. */
  readonly lookupKey: (keyId: string) => KeyRingEntry | undefined;
  /** The policy (defaults per docs/spec.md §9). */
  readonly policy?: VerificationPolicy | undefined;
  /** Whether `(keyId, nonce)` is a live entry of the replay store. */
  readonly isNonceSeen?: ((keyId: string, nonce: string) => boolean) | undefined;
  /** The hash implementation. */
  readonly hashes?: HashProvider | undefined;
  /** The verifier's memory between requests (see `createVerificationCache`); none by default. */
  readonly cache?: VerificationCache | undefined;
}

/**
 * Runs every verification step (docs/spec.md §9) synchronously. Servers use `@signwire/server`,
 * which composes the same steps with asynchronous key resolvers and nonce stores.
 *
 * @param input - the request, clock, key ring and policy.
 * @returns the verified signature.
 * @throws VerificationError with the code of the first failing check.
 */
export function verifyRequestSignature(input: VerifyRequestInput): VerifiedSignature {
  return asVerificationError(() =>
    atBoundary('CONFIGURATION_INVALID', 'the verifyRequestSignature() input', () => {
      if (input === null || typeof input !== 'object' || input.request === null || typeof input.request !== 'object') {
        throw new SignwireError('CONFIGURATION_INVALID', 'verifyRequestSignature() needs { request, now, lookupKey }');
      }
      return verifyChecked(input);
    }),
  );
}

/** The default policy, resolved once. */
const DEFAULT_POLICY: ResolvedPolicy = /* @__PURE__ */ resolvePolicy();

function verifyChecked(input: VerifyRequestInput): VerifiedSignature {
  const policy = input.policy === undefined ? DEFAULT_POLICY : resolvePolicy(input.policy);
  const fields = toFieldLines(input.request.headers);
  const declaredLength = checkFraming(fields, policy);
  const body = typeof input.request.body === 'string' ? utf8(input.request.body) : (input.request.body ?? new Uint8Array(0));
  checkBodyLength(body, declaredLength, policy);
  const request = { ...input.request, headers: fields };
  const pending = asVerificationError(() => checkSignatureOf(request, fields, body, policy, input.now, true, input.cache));
  const entry = input.lookupKey(pending.params.keyid);
  const key = checkKey(entry, pending.params.keyid, input.now);
  const verified = checkMac(pending, key, input.hashes, input.cache);
  if (!hasContentCoding(fields)) parseReceivedJson(singleContentType(fields), body, policy.allowJsonPrototypeMembers);
  if (entry?.confirm !== undefined) confirmNow(entry.confirm);
  if (input.isNonceSeen?.(verified.keyId, verified.nonce) === true) {
    throw fail('NONCE_REPLAYED', 'this nonce was already used');
  }
  return entry?.subject === undefined ? verified : { ...verified, subject: entry.subject };
}

/** Runs a key's `confirm` hook, which must answer synchronously here. */
function confirmNow(confirm: () => void | PromiseLike<void>): void {
  const answer = confirm();
  if (typeof (answer as PromiseLike<void> | undefined)?.then === 'function') {
    Promise.resolve(answer).catch(() => undefined); // refused below; its outcome must not go unhandled
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'verifyRequestSignature is synchronous: a key whose confirm() returns a promise needs @signwire/server',
    );
  }
}

function fail(code: SignwireErrorCode, message: string): VerificationError {
  return new VerificationError(code, message);
}

function asVerificationError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SignwireError && !(error instanceof VerificationError)) {
      throw new VerificationError(error.code, error.message, { cause: error });
    }
    throw error;
  }
}
