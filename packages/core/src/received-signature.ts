/**
 * Steps 3–8 of docs/spec.md §9: the received signature found, parsed and checked up to (not
 * including) the key — presence, parse, covered list, parameters, time and coverage.
 */
import type { ComponentIdentifier } from './components.js';
import { requiredIds, verifyCoveredFields } from './coverage.js';
import { type FieldLines, toFieldLines } from './headers.js';
import { readSignatureFields } from './received-fields.js';
import type { SignableRequest } from './request.js';
import { selectSignature } from './signature-fields.js';
import { readSignatureParameters, type SignatureParameters } from './signature-params.js';
import { acceptableUntil, checkSignatureTime } from './signature-time.js';
import { splitTargetUrl, type TargetParts } from './target-uri.js';
import { checkReceivedCoveredList, type VerificationCache } from './verification-cache.js';
import { asVerificationError, fail } from './verification-failure.js';
import type { ResolvedPolicy } from './verification-policy.js';

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

/** How {@link parseSignature} runs. */
export interface ParseSignatureOptions {
  /**
   * `false` skips step 7, to inspect a signature that was already refused for its time (a server
   * deciding whether to sign that rejection, docs/spec.md §15.3). Default true.
   */
  readonly checkTime?: boolean;
  /** The verifier's {@link VerificationCache}. */
  readonly cache?: VerificationCache | undefined;
  /** `request.headers` as `toFieldLines` already converted them, so that they are not converted again. */
  readonly fields?: FieldLines | undefined;
}

/**
 * Steps 3–8: parses the labelled signature and checks it up to the key.
 *
 * @param request - the received request (URL = configured origin + raw request target).
 * @param body - the body bytes, already checked by `checkBodyLength`.
 * @param policy - the resolved policy.
 * @param now - the verifier's clock, Unix seconds.
 * @param options - see {@link ParseSignatureOptions}.
 * @returns the parsed signature, ready for the key step.
 * @throws VerificationError with the codes of steps 3–8.
 */
export function parseSignature(
  request: SignableRequest,
  body: Uint8Array,
  policy: ResolvedPolicy,
  now: number,
  options: ParseSignatureOptions = {},
): PendingVerification {
  return asVerificationError(() =>
    parseSignatureOf(
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

/**
 * {@link parseSignature} over field lines already converted; errors of shared modules are not yet
 * {@link VerificationError}s (the caller wraps).
 *
 * @param request - the received request.
 * @param fields - its fields as field lines.
 * @param body - the body bytes.
 * @param policy - the resolved policy.
 * @param now - the verifier's clock, Unix seconds.
 * @param withTime - whether step 7 runs.
 * @param cache - the verifier's cache, if any.
 * @returns the parsed signature.
 */
export function parseSignatureOf(
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
  if (withTime) checkSignatureTime(params, policy, now);
  const digest = verifyCoveredFields(covered, requiredIds(policy), read, body.length > 0, true);
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
    acceptableUntil(params, policy),
  );
}

/**
 * The {@link PendingVerification} that {@link parseSignature} returns. A class rather than an object
 * literal with a getter, which V8 builds on its slow dictionary path on every request; `target` is
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
