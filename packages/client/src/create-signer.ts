/**
 * The signer: validated once, then signs plain requests (sync or async) and Fetch `Request`s.
 */
import {
  ConfigurationError,
  type HmacKey,
  importSecret,
  type RequestSigner,
  type SignableRequest,
  type SignatureTiming,
} from '@signwire/core';
import { createRequestSignerWith, toFieldLines } from '@signwire/core/internal';
import { checkClockOffset, correctedSeconds, createdSeconds } from './clock.js';
import type { CredentialsCache } from './credentials-source.js';
import { isFetchRequest } from './fetch-input.js';
import { type CredentialsSignerOptions, resolveSignerOptions, type SignerOptions } from './options.js';
import { fromPlainRequest, type PlainRequest } from './plain-request.js';
import { copyBytes, fromFetchRequest } from './request-body.js';
import { withSignatureHeaders } from './signed-request.js';

/** The header fields to add to a request. `content-digest` is present when the request has a body. */
export type SignatureHeaders = {
  /** The `Signature-Input` field value. */
  readonly 'signature-input': string;
  /** The `Signature` field value. */
  readonly signature: string;
  /** The `Content-Digest` field value (RFC 9530), when the request has a body. */
  readonly 'content-digest'?: string;
};

/** Signs requests with one key, or with short-lived keys from `credentials`. Create it with {@link createSigner}. */
export interface Signer {
  /** The key id of the signatures: the fixed one, or with `credentials` the one in use (`''` before the first). */
  readonly keyId: string;
  /** Whether the keys come from `credentials` (they then change over time). */
  readonly hasCredentials: boolean;
  /**
   * With `credentials`: forgets the credentials whose key id is `keyId`, if they are still the ones in
   * use, so that the next signature fetches new ones. Call it when a server refuses the key
   * (KEY_RETIRED, KEY_UNKNOWN, KEY_REVOKED); `createSignedFetch` does. No effect otherwise.
   *
   * @param keyId - the key id the refused request was signed with.
   */
  dropCredentials(keyId: string): void;
  /**
   * With `credentials`: when `response` refuses the key `signed` was signed with (a `401` whose
   * `error.code` is KEY_RETIRED, KEY_UNKNOWN or KEY_REVOKED), forgets those credentials if they are
   * still the ones in use and resolves to true: the request may be signed anew and sent once more (`createSignedFetch` and `signKy` call
   * it). Resolves to false otherwise, and always without `credentials`. Reads a copy of the body.
   *
   * @param signed - the signed request as sent.
   * @param response - the server's response to it.
   * @returns whether the credentials were refused and dropped.
   */
  dropRefusedCredentials(signed: Pick<Request, 'headers'>, response: Pick<Response, 'status' | 'clone'>): Promise<boolean>;
  /**
   * Seconds added to the local clock for `created` (0 until {@link Signer.setClockOffset} is called).
   * It is never learned from an unsigned `Date` header.
   */
  readonly clockOffsetSeconds: number;
  /**
   * Sets the clock offset. Call it only with an offset computed from a server time you have
   * authenticated (a verified signed response; `@signwire/client/responses` does this) over a short
   * round trip (docs/spec.md §15.3): a forged or delayed time would make this signer mint
   * future-dated signatures that an attacker can keep and replay later.
   *
   * @param offsetSeconds - whole seconds to add to the local clock (server time − local time).
   * @throws SignwireError CONFIGURATION_INVALID when it is not a safe integer.
   */
  setClockOffset(offsetSeconds: number): void;
  /**
   * Signs a Fetch `Request` (its body is read from a clone; the request itself is not consumed) or a
   * plain request whose body is a string or bytes. Hashes with WebCrypto (`crypto.subtle`) unless the
   * signer was created with `hashes`.
   *
   * @param request - the request as it will be sent.
   * @returns the headers to add.
   * @throws SignwireError with a stable code (CREDENTIALS_UNAVAILABLE when `credentials` failed); nothing is sent.
   */
  sign(request: Request | PlainRequest): Promise<SignatureHeaders>;
  /**
   * Signs a plain request whose body is already a string or bytes, synchronously, with the signer's
   * `hashes` (WebCrypto, the default, is asynchronous only).
   *
   * @param request - `{ method, url, headers, body }`.
   * @returns the headers to add.
   * @throws SignwireError CONFIGURATION_INVALID when the signer was created without `hashes` or with
   * `credentials` (fetching them is asynchronous); otherwise the codes of {@link Signer.sign}.
   */
  signSync(request: PlainRequest): SignatureHeaders;
  /**
   * Signs a request and returns a new Fetch `Request` that carries the signature headers and exactly
   * the body bytes that were signed.
   *
   * @param request - a Fetch `Request`, or a plain request.
   * @returns the signed request, ready for `fetch`.
   * @throws SignwireError with a stable code; nothing is sent.
   */
  signRequest(request: Request | PlainRequest): Promise<Request>;
}

/**
 * Creates a signer. Every option is checked here, so a misconfiguration fails at start-up rather
 * than on the first request.
 *
 * @example
 * ```ts
 * const signer = createSigner({ keyId: 'client-1', secret: { base64: key } });
 * const headers = await signer.sign(new Request('https://api.example.com/v1/orders'));
 * // in a browser: short-lived keys from the server's issuing route (credentialsFrom: @signwire/client/credentials)
 * const browserSigner = createSigner({ credentials: credentialsFrom('/session/signing-key') });
 * ```
 * @param options - key id and secret, or `credentials`, and signing options.
 * @returns a signer.
 * @throws SignwireError KEY_INVALID, CONFIGURATION_INVALID, PARAMETER_INVALID, HEADER_FORBIDDEN,
 * COMPONENT_UNSUPPORTED or COMPONENT_INVALID (see {@link SignerOptions}).
 */
export function createSigner(options: SignerOptions | CredentialsSignerOptions): Signer {
  const resolved = resolveSignerOptions(options);
  const { hashes, components, componentRules, label } = resolved;
  let offset = 0;
  const prepare = (key: HmacKey, keyId: string, webCryptoOnly: boolean): RequestSigner =>
    createRequestSignerWith({ key, keyId, components, label, webCryptoOnly }, componentRules);
  // With credentials, the label and components are checked now, with a stand-in key, as for a fixed key.
  const requestSigner = prepare(
    resolved.key ?? importSecret(new Uint8Array(32)),
    resolved.key === undefined ? 'credentials' : resolved.keyId,
    false,
  );
  const credentials: CredentialsCache | undefined =
    resolved.credentials === undefined
      ? undefined
      : resolved.credentials.open(
          (key, keyId, owned) => prepare(key, keyId, owned && hashes === undefined),
          () => correctedSeconds(resolved.now, offset),
        );
  const timing = (): SignatureTiming => {
    const created = createdSeconds(resolved.now, offset);
    const expires = resolved.expiresInSeconds === undefined ? undefined : created + resolved.expiresInSeconds;
    return { created, expires, nonce: resolved.nonce() };
  };
  const signSignable = async (request: SignableRequest): Promise<SignatureHeaders> => {
    const keyed = credentials === undefined ? requestSigner : (await credentials.current()).signer;
    return hashes === undefined
      ? (await keyed.signWithWebCrypto(request, timing())).headers
      : keyed.sign(request, timing(), hashes).headers;
  };
  const signer: Signer = {
    get keyId(): string {
      return credentials === undefined ? resolved.keyId : credentials.keyId;
    },
    hasCredentials: credentials !== undefined,
    dropCredentials: (keyId) => credentials?.drop(keyId),
    dropRefusedCredentials: (signed, response) =>
      credentials === undefined ? Promise.resolve(false) : credentials.dropRefused(signed, response),
    get clockOffsetSeconds(): number {
      return offset;
    },
    setClockOffset(offsetSeconds: number): void {
      offset = checkClockOffset(offsetSeconds);
    },
    signSync: (request) => {
      if (credentials !== undefined) {
        throw new ConfigurationError('CONFIGURATION_INVALID', 'signSync() cannot fetch credentials: use sign()');
      }
      if (hashes === undefined) {
        throw new ConfigurationError(
          'CONFIGURATION_INVALID',
          'signSync() needs synchronous hashes: createSigner({ ..., hashes: nobleHashes }) (or nodeHashes from @signwire/server on Node)',
        );
      }
      return requestSigner.sign(fromPlainRequest(request), timing(), hashes).headers;
    },
    sign: async (request) => signSignable(isFetchRequest(request) ? await fromFetchRequest(request) : fromPlainRequest(request)),
    signRequest: async (request) => {
      const fetchRequest = isFetchRequest(request) ? request : toFetchRequest(request);
      const signable = await fromFetchRequest(fetchRequest);
      return withSignatureHeaders(fetchRequest, await signSignable(signable), signable.body);
    },
  };
  return Object.freeze(signer);
}

function toFetchRequest(request: PlainRequest): Request {
  const { method, url, headers, body } = fromPlainRequest(request);
  const lines = toFieldLines(headers) as [string, string][];
  const bytes = typeof body === 'string' || body === undefined ? body : copyBytes(body);
  return new Request(url, { method, headers: lines, body: bytes ?? null });
}
