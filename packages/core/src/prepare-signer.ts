/**
 * The prepared request signer (docs/spec.md §8): the key, key id, label, tag and covered components
 * are checked once, and what does not change between requests (the covered list of each request
 * shape, the constant part of `@signature-params`) is computed once. Per request it derives the
 * component values, fills in `created`, `expires` and `nonce`, and MACs the signature base, either
 * synchronously with a {@link HashProvider} or asynchronously with WebCrypto. It never imports a hash
 * implementation itself, and it covers components beyond the defaults only with the
 * {@link ComponentRules} it is given, so a browser bundle that signs the defaults with WebCrypto
 * carries neither.
 */
import { utf8 } from './bytes.js';
import type { ComponentIdentifier, ComponentInput } from './component-identifier.js';
import { ALGORITHM, DEFAULT_LABEL, PROFILE_TAG } from './constants.js';
import { formatContentDigest } from './content-digest.js';
import { type ComponentRules, type CoveredList, defaultComponentNames, defaultCoveredList, type RequestShape } from './covered-list.js';
import { atBoundary, ConfigurationError } from './errors.js';
import type { HashProvider } from './hash.js';
import { type FieldLines, fieldValues } from './headers.js';
import { type PreparedRequest, prepareRequest } from './prepared-request.js';
import type { SignableRequest } from './request.js';
import type { RequestSigner, RequestSignerOptions, SignatureTiming, SignedRequestParts } from './request-signer.js';
import { exportKeyBytes } from './secret.js';
import { buildSignatureBaseFromIds } from './signature-base.js';
import { assertLabel, signatureFieldValues } from './signature-fields.js';
import { assertKeyId, assertTag } from './signature-params.js';
import { importWebCryptoHmacKey, type WebCryptoMac, webCryptoSha256 } from './web-crypto.js';

/** A prepared signer, and its synchronous step for a request that is already checked. */
export interface PreparedSigner {
  /** The signer. */
  readonly signer: RequestSigner;
  /** Signs a request {@link prepareRequest} has checked, without checking it again. */
  readonly signPrepared: (prepared: PreparedRequest, hashes: HashProvider) => SignedRequestParts;
}

/**
 * Like `createRequestSigner`, with the rules for components beyond the defaults given by the caller:
 * without them (`undefined`) the signer covers the defaults only, and its bundle carries none of the
 * rules. `@signwire/client` signs this way.
 *
 * @param options - key, key id and what to cover.
 * @param rules - `requestComponentRules` when `options.components` may name extras, else `undefined`.
 * @returns the signer.
 * @throws SignwireError the errors of `createRequestSigner`; CONFIGURATION_INVALID for extras without rules.
 */
export function createRequestSignerWith(options: RequestSignerOptions, rules: ComponentRules | undefined): RequestSigner {
  return atBoundary('CONFIGURATION_INVALID', 'the request signer options', () => prepareRequestSigner(options, rules).signer);
}

/**
 * Prepares a signer: checks the key, key id, tag, label and components once, in this order.
 *
 * @param options - key, key id and what to cover.
 * @param rules - the rules for extra components, or `undefined` for a signer of the defaults.
 * @returns the signer and its step for prepared requests.
 */
export function prepareRequestSigner(options: RequestSignerOptions, rules: ComponentRules | undefined): PreparedSigner {
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
  const extras = checkedExtras(options.components ?? [], rules);
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
      const defaults = defaultComponentNames(shape);
      list = extras === undefined ? defaultCoveredList(defaults) : extras.rules.coveredList(defaults, extras.identifiers);
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
    const derive = covered.deriver({ method: request.method, target: request.target, fields });
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

/** The checked extra components and the rules that cover them; `undefined` for the defaults only. */
function checkedExtras(
  components: readonly ComponentInput[],
  rules: ComponentRules | undefined,
): { readonly rules: ComponentRules; readonly identifiers: readonly ComponentIdentifier[] } | undefined {
  if (rules !== undefined) {
    const identifiers = rules.check(components);
    return identifiers.length === 0 ? undefined : { rules, identifiers };
  }
  if (!Array.isArray(components) || components.length > 0) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'components beyond the defaults need the component rules (requestComponentRules)',
    );
  }
  return undefined;
}

function bodyDigest(body: Uint8Array, precomputed: Uint8Array | undefined, sha256: HashProvider['sha256'] | undefined): string {
  if (precomputed === undefined && sha256 !== undefined) return formatContentDigest(sha256(body));
  if (!(precomputed instanceof Uint8Array) || precomputed.length !== 32) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'bodySha256 must be the 32-byte SHA-256 of the body');
  }
  return formatContentDigest(precomputed);
}
