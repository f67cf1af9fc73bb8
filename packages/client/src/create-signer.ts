/**
 * The signer: validated once, then signs plain requests (sync or async) and Fetch `Request`s.
 */
import { createRequestSigner, type SignableRequest, type SignatureTiming, SignwireError, toFieldLines } from '@signwire/core';
import { checkClockOffset, createdSeconds } from './clock.js';
import { isFetchRequest } from './fetch-input.js';
import { resolveSignerOptions, type SignerOptions } from './options.js';
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

/** Signs requests with one key. Create it with {@link createSigner}. */
export interface Signer {
  /** The key id in every signature. */
  readonly keyId: string;
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
   * @throws SignwireError with a stable code; nothing is sent.
   */
  sign(request: Request | PlainRequest): Promise<SignatureHeaders>;
  /**
   * Signs a plain request whose body is already a string or bytes, synchronously, with the signer's
   * `hashes` (WebCrypto, the default, is asynchronous only).
   *
   * @param request - `{ method, url, headers, body }`.
   * @returns the headers to add.
   * @throws SignwireError CONFIGURATION_INVALID when the signer was created without `hashes`; otherwise
   * the codes of {@link Signer.sign}.
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
 * ```
 * @param options - key id, secret and signing options.
 * @returns a signer.
 * @throws SignwireError KEY_INVALID, CONFIGURATION_INVALID, PARAMETER_INVALID, HEADER_FORBIDDEN,
 * COMPONENT_UNSUPPORTED or COMPONENT_INVALID (see {@link SignerOptions}).
 */
export function createSigner(options: SignerOptions): Signer {
  const resolved = resolveSignerOptions(options);
  const { hashes } = resolved;
  const requestSigner = createRequestSigner(resolved);
  let offset = 0;
  const timing = (): SignatureTiming => {
    const created = createdSeconds(resolved.now, offset);
    const expires = resolved.expiresInSeconds === undefined ? undefined : created + resolved.expiresInSeconds;
    return { created, expires, nonce: resolved.nonce() };
  };
  const signSignable = async (request: SignableRequest): Promise<SignatureHeaders> =>
    hashes === undefined
      ? (await requestSigner.signWithWebCrypto(request, timing())).headers
      : requestSigner.sign(request, timing(), hashes).headers;
  const signer: Signer = {
    keyId: resolved.keyId,
    get clockOffsetSeconds(): number {
      return offset;
    },
    setClockOffset(offsetSeconds: number): void {
      offset = checkClockOffset(offsetSeconds);
    },
    signSync: (request) => {
      if (hashes === undefined) {
        throw new SignwireError(
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
