/**
 * The signer: validated once, then signs plain requests (sync or async) and Fetch `Request`s.
 */
import { type SignableRequest, signRequest, toFieldLines, utf8 } from '@signwire/core';
import { checkClockOffset, createdSeconds } from './clock.js';
import { isFetchRequest } from './fetch-input.js';
import { type ResolvedSignerOptions, resolveSignerOptions, type SignerOptions } from './options.js';
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
   * authenticated (a verified signed response, a later Signwire feature): a forged time would make
   * this signer mint future-dated signatures that an attacker can keep and replay later.
   *
   * @param offsetSeconds - whole seconds to add to the local clock (server time − local time).
   * @throws SignwireError CONFIGURATION_INVALID when it is not a safe integer.
   */
  setClockOffset(offsetSeconds: number): void;
  /**
   * Signs a Fetch `Request` (its body is read from a clone; the request itself is not consumed) or a
   * plain request whose body is a string or bytes.
   *
   * @param request - the request as it will be sent.
   * @returns the headers to add.
   * @throws SignwireError with a stable code; nothing is sent.
   */
  sign(request: Request | PlainRequest): Promise<SignatureHeaders>;
  /**
   * Signs a plain request whose body is already a string or bytes, synchronously.
   *
   * @param request - `{ method, url, headers, body }`.
   * @returns the headers to add.
   * @throws SignwireError with a stable code.
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
  let offset = 0;
  const signSignable = async (request: SignableRequest): Promise<SignatureHeaders> =>
    signWith(resolved, offset, request, await webCryptoSha256(request.body));
  const signer: Signer = {
    keyId: resolved.keyId,
    get clockOffsetSeconds(): number {
      return offset;
    },
    setClockOffset(offsetSeconds: number): void {
      offset = checkClockOffset(offsetSeconds);
    },
    signSync: (request) => signWith(resolved, offset, fromPlainRequest(request)),
    sign: async (request) => signSignable(isFetchRequest(request) ? await fromFetchRequest(request) : fromPlainRequest(request)),
    signRequest: async (request) => {
      const fetchRequest = isFetchRequest(request) ? request : toFetchRequest(request);
      const signable = await fromFetchRequest(fetchRequest);
      return withSignatureHeaders(fetchRequest, await signSignable(signable), signable.body);
    },
  };
  return Object.freeze(signer);
}

/**
 * The SHA-256 of a body of at least 4096 bytes (a string: 4096 characters) from WebCrypto, which is
 * faster than noble from that size (the crossover in docs/performance.md); `undefined`, so that noble
 * hashes it, for smaller bodies and where `crypto.subtle` is missing (insecure http: pages) or refuses
 * the bytes. The digest, hence the signature, is the same either way.
 */
async function webCryptoSha256(body: SignableRequest['body']): Promise<Uint8Array | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined || body === undefined || body.length < 4096) return undefined;
  try {
    return new Uint8Array(await subtle.digest('SHA-256', (typeof body === 'string' ? utf8(body) : body) as Uint8Array<ArrayBuffer>));
  } catch {
    return undefined;
  }
}

function signWith(options: ResolvedSignerOptions, offset: number, request: SignableRequest, bodySha256?: Uint8Array): SignatureHeaders {
  const created = createdSeconds(options.now, offset);
  const parts = signRequest({
    request,
    key: options.key,
    keyId: options.keyId,
    created,
    expires: options.expiresInSeconds === undefined ? undefined : created + options.expiresInSeconds,
    nonce: options.nonce(),
    components: options.components,
    label: options.label,
    bodySha256,
  });
  return parts.headers;
}

function toFetchRequest(request: PlainRequest): Request {
  const { method, url, headers, body } = fromPlainRequest(request);
  const lines = toFieldLines(headers) as [string, string][];
  const bytes = typeof body === 'string' || body === undefined ? body : copyBytes(body);
  return new Request(url, { method, headers: lines, body: bytes ?? null });
}
