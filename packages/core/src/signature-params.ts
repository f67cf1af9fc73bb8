/**
 * Signature parameters (docs/spec.md §7): their type, validation and serialization order.
 */
import type { BareItem, Parameters } from 'structured-headers';
import { ALGORITHM, MAX_SF_INTEGER, NONCE_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';
import { describeKeyIdProblem, KEY_ID_RULE } from './key-id.js';

/** The parameters of a Signwire signature. */
export interface SignatureParameters {
  /** Unix seconds when the signature was made. */
  readonly created: number;
  /** Unix seconds after which the signature must not be accepted (optional). */
  readonly expires?: number | undefined;
  /** ≥ 128 random bits, base64url. Required in request signatures; response signatures carry none. */
  readonly nonce?: string | undefined;
  /** The key id. */
  readonly keyid: string;
  /** Always `hmac-sha256`. */
  readonly alg: typeof ALGORITHM;
  /** The profile tag, `signwire-v1` by default. */
  readonly tag: string;
}

/**
 * Checks parameters a signer is about to emit.
 *
 * @param params - the parameters.
 * @throws SignwireError PARAMETER_INVALID naming the first bad parameter.
 */
export function assertSignatureParameters(params: SignatureParameters, { requireNonce = true }: { requireNonce?: boolean } = {}): void {
  assertTiming(params.created, params.expires, params.nonce, requireNonce);
  assertKeyId(params.keyid);
  assertTag(params.tag);
}

/**
 * Checks the parameters that change with every signature: `created`, `expires` and `nonce`.
 *
 * @param created - Unix seconds.
 * @param expires - Unix seconds later than `created`, or `undefined`.
 * @param nonce - 22–128 base64url characters, or `undefined` when not required.
 * @param requireNonce - whether the nonce must be present (request signatures).
 * @throws SignwireError PARAMETER_INVALID naming the first bad parameter.
 */
export function assertTiming(created: unknown, expires: unknown, nonce: unknown, requireNonce = true): void {
  assertTimestamp('created', created);
  if (expires !== undefined) {
    assertTimestamp('expires', expires);
    if (expires <= created) throw invalid('expires must be later than created');
  }
  if ((requireNonce || nonce !== undefined) && (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce))) {
    throw invalid('nonce must be 22–128 base64url characters (at least 128 random bits)');
  }
}

/**
 * Checks a profile tag a signer is about to emit.
 *
 * @param tag - the candidate tag.
 * @throws SignwireError PARAMETER_INVALID.
 */
export function assertTag(tag: unknown): asserts tag is string {
  if (typeof tag !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(tag) || /["\\]/.test(tag)) {
    throw invalid('tag must be 1–64 printable ASCII characters');
  }
}

/**
 * Checks a key id (docs/spec.md §2).
 *
 * @param keyid - the candidate key id.
 * @throws SignwireError PARAMETER_INVALID.
 */
export function assertKeyId(keyid: unknown): asserts keyid is string {
  const problem = describeKeyIdProblem('keyid', keyid);
  if (problem !== undefined) throw invalid(problem);
}

function assertTimestamp(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SF_INTEGER) {
    throw invalid(`${name} must be an integer number of Unix seconds`);
  }
}

function invalid(message: string): SignwireError {
  return new SignwireError('PARAMETER_INVALID', message);
}

/**
 * The structured-field parameters in the order the profile emits them.
 *
 * @param params - checked parameters.
 * @returns an ordered parameter map.
 */
export function toParameterMap(params: SignatureParameters): Parameters {
  const map = new Map<string, BareItem>();
  map.set('created', params.created);
  if (params.expires !== undefined) map.set('expires', params.expires);
  if (params.nonce !== undefined) map.set('nonce', params.nonce);
  map.set('keyid', params.keyid);
  map.set('alg', params.alg);
  map.set('tag', params.tag);
  return map;
}

/** What a verifier expects of received parameters. */
export interface ParameterPolicy {
  /** The tag the policy accepts. */
  readonly tag: string;
  /** Whether `nonce` is required (request signatures; default true). */
  readonly requireNonce?: boolean;
}

/**
 * Reads and checks received parameters in the order of docs/spec.md §9 step 6.
 *
 * @param map - the parsed parameters of the selected signature.
 * @param policy - the accepted tag.
 * @returns typed parameters.
 * @throws SignwireError PARAMETER_MISSING, ALGORITHM_UNSUPPORTED, TAG_UNSUPPORTED, PARAMETER_INVALID or NONCE_MISSING.
 */
export function readSignatureParameters(
  map: Parameters,
  policy: ParameterPolicy,
  decimals: ReadonlySet<string> = new Set(),
): SignatureParameters {
  const alg = map.get('alg');
  if (alg === undefined) throw new SignwireError('PARAMETER_MISSING', 'the signature has no alg parameter');
  if (alg !== ALGORITHM) throw new SignwireError('ALGORITHM_UNSUPPORTED', `alg must be "${ALGORITHM}"`);
  const tag = map.get('tag');
  if (tag === undefined) throw new SignwireError('PARAMETER_MISSING', 'the signature has no tag parameter');
  if (tag !== policy.tag) throw new SignwireError('TAG_UNSUPPORTED', `tag must be "${printable(policy.tag)}"`);
  const keyid = map.get('keyid');
  if (keyid === undefined) throw new SignwireError('PARAMETER_MISSING', 'the signature has no keyid parameter');
  if (typeof keyid !== 'string') throw invalid(`keyid must be a quoted string; ${KEY_ID_RULE}`);
  assertKeyId(keyid);
  const created = map.get('created');
  if (created === undefined) throw new SignwireError('PARAMETER_MISSING', 'the signature has no created parameter');
  if (decimals.has('created')) throw invalid('created must be an integer, not a decimal');
  assertTimestamp('created', created);
  const nonce = map.get('nonce');
  if (nonce === undefined && policy.requireNonce !== false)
    throw new SignwireError('NONCE_MISSING', 'the signature has no nonce parameter');
  if (nonce !== undefined && (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce))) {
    throw invalid('nonce must be 22–128 base64url characters');
  }
  const expires = map.get('expires');
  if (expires !== undefined) {
    if (decimals.has('expires')) throw invalid('expires must be an integer, not a decimal');
    assertTimestamp('expires', expires);
    if (expires <= created) throw invalid('expires must be later than created');
  }
  if (decimals.size > 0) throw invalid('signature parameters must not be decimals');
  return { created, expires, nonce, keyid, alg: ALGORITHM, tag };
}
