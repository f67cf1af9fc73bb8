/**
 * `@signwire/client/ky`: signs every request a ky instance sends. ky builds a Fetch `Request` before
 * its `beforeRequest` hooks, so the hook signs the request exactly as it will be sent, and signs
 * each retry afresh (a new nonce). JSON goes out in RFC 8785 form through ky's `stringifyJson`.
 * Works with ky 1.8+ and 2 (the hook receives `(request, options, state)` in 1, `{ request }` in 2);
 * ky itself is never imported. With a credentials signer, an `afterResponse` hook drops a key the
 * server refuses (docs/spec.md §16.6), so the next request is signed with new credentials.
 *
 * @module @signwire/client/ky
 */
import { canonicalJson } from '@signwire/core';
import type { Signer } from './create-signer.js';

/**
 * A ky hook as Signwire installs it, for `beforeRequest` and `beforeRetry`: ky 2 passes one state
 * object (`{ request, retryCount, … }`), ky 1 passes the request first and `{ retryCount }` third.
 */
export type KySigningHook = (first: unknown, options?: unknown, state?: unknown) => Promise<void>;

/**
 * A ky `afterResponse` hook as Signwire installs it: ky 2 passes one state object (`{ request,
 * response, … }`), ky 1 passes `(request, options, response, state)`. It returns nothing: the
 * response is never replaced.
 */
export type KyResponseHook = (first: unknown, options?: unknown, response?: unknown, state?: unknown) => Promise<void>;

/** The ky options {@link signKy} extends an instance with. */
export interface KySigningOptions {
  /** The signing hooks. */
  readonly hooks: {
    /** Signs the request before it is sent. */
    readonly beforeRequest: KySigningHook[];
    /** Signs a retried request again, with a new nonce and time. */
    readonly beforeRetry: KySigningHook[];
    /**
     * Drops a key the server refused (a `401` KEY_RETIRED, KEY_UNKNOWN or KEY_REVOKED) from a
     * credentials signer, so the next request is signed with new credentials. It never replaces the
     * response: the refused call fails with ky's `HTTPError` as it would without it.
     */
    readonly afterResponse: KyResponseHook[];
  };
  /** RFC 8785 canonical JSON for ky's `json` option. */
  readonly stringifyJson: (data: unknown) => string;
}

/** What `signKy` needs of a ky instance: `extend`. */
export interface ExtendableKy<Instance> {
  /**
   * ky's `extend`: a new instance with these options added to the parent's.
   *
   * @param options - the signing options.
   * @returns the new instance.
   */
  extend(options: KySigningOptions): Instance;
}

/** The fields the signer sets (core's signer-managed fields): replaced on a retry. */
const SIGNATURE_FIELDS = ['signature', 'signature-input', 'content-digest'];
/** How many of its own signatures a hook remembers, to recognise them on a retry (oldest forgotten first). */
const REMEMBERED_SIGNATURES = 1024;

/**
 * The `Signature` values these hooks set, most recent last: a retried request carrying one of them
 * is re-signed. Any other signature field is the caller's, and the signer refuses it
 * (HEADER_FORBIDDEN); a retry whose signature was forgotten fails the same way, never unsigned.
 */
function issuedSignatures(): { add(signature: string): void; take(signature: string | null): boolean } {
  const issued = new Set<string>();
  return {
    add(signature) {
      issued.add(signature);
      if (issued.size > REMEMBERED_SIGNATURES) issued.delete(issued.values().next().value as string);
    },
    take(signature) {
      return signature !== null && issued.delete(signature);
    },
  };
}

interface HookArguments {
  readonly request: Request;
}

function isRequestLike(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && typeof (value as Request).clone === 'function' && 'url' in value;
}

/** The request from ky 2's state object (`{ request }`) or ky 1's first argument. */
function hookArguments(first: unknown): HookArguments {
  const request = isRequestLike(first) ? first : (first as { request?: unknown } | null)?.request;
  if (!isRequestLike(request)) throw new TypeError('signKy: a ky hook was called without a Request (is this ky 1.8 or later?)');
  return { request };
}

/**
 * The signing hooks and JSON serializer for a ky instance; {@link signKy} installs them.
 *
 * @param signer - a signer from `createSigner`.
 * @returns the options to `extend` an instance with.
 * @throws TypeError when `signer` is not a signer.
 */
export function kySigningOptions(signer: Signer): KySigningOptions {
  if (typeof signer?.sign !== 'function') throw new TypeError('signKy(instance, signer): signer must come from createSigner()');
  const issued = issuedSignatures();
  const sign: KySigningHook = async (first) => {
    const { request } = hookArguments(first);
    // A retry resends a copy of the request this hook signed (ky 1 runs beforeRequest again, ky 2
    // runs beforeRetry): its signature is replaced with one that has a new nonce and time.
    if (issued.take(request.headers.get('signature'))) for (const name of SIGNATURE_FIELDS) request.headers.delete(name);
    const headers = await signer.sign(request);
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    issued.add(headers.signature);
  };
  const dropRefusedKey: KyResponseHook = async (first, _options, third) => {
    if (!signer.hasCredentials) return;
    const { request } = hookArguments(first);
    const response = (isRequestLike(first) ? third : (first as { response?: unknown }).response) as Partial<Response> | undefined;
    // Not `instanceof Response`: a fetch polyfill's or another realm's response is one too.
    if (response?.status !== 401 || typeof response.clone !== 'function') return;
    await signer.dropRefusedCredentials(request, response as Response);
  };
  return { hooks: { beforeRequest: [sign], beforeRetry: [sign], afterResponse: [dropRefusedKey] }, stringifyJson: canonicalJson };
}

/**
 * Signs every request of a ky instance with `signer`: the method, the URL ky built (`prefixUrl`,
 * `searchParams`), the covered fields and the body, as the `Request` ky sends. Hooks you add with a
 * later `extend` run after signing: a change they make to a covered field or the body breaks the
 * signature, so extend with your own hooks first.
 *
 * @example
 * ```ts
 * const api = signKy(ky.create({ prefixUrl: 'https://api.example.com' }), createSigner({ keyId, secret }));
 * await api.post('orders', { json: { sku: 'book', qty: 2 } }).json(); // sent as {"qty":2,"sku":"book"}, signed
 * ```
 * @param instance - `ky`, or an instance from `ky.create` / `ky.extend`.
 * @param signer - a signer from `createSigner`.
 * @returns a new instance (ky's `extend`) that signs. A request Signwire cannot sign fails with a
 * `SignwireError` before it is sent; everything else (HTTPError, TimeoutError, retries) is ky's.
 * @throws TypeError when `instance` has no `extend` or `signer` is not a signer.
 */
export function signKy<Instance>(instance: ExtendableKy<Instance>, signer: Signer): Instance {
  if (typeof instance?.extend !== 'function') throw new TypeError('signKy(instance, signer): instance must be ky or a ky instance');
  return instance.extend(kySigningOptions(signer));
}
