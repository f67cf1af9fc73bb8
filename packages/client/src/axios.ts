/**
 * `@signwire/client/axios`: signs every request an axios instance sends, over the bytes axios sends.
 *
 * axios serializes `data` in `transformRequest`, after the request interceptors, so signing in an
 * interceptor would sign the wrong bytes. The signing happens in a wrapper around the adapter (xhr,
 * http or fetch), after every transform: the body is read into bytes once, signed, and those bytes
 * are what the adapter sends. An interceptor only serializes plain JSON values in RFC 8785 form.
 *
 * @module @signwire/client/axios
 */
import { canonicalJson } from '@signwire/core';
import {
  type AxiosAdapter,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  getAdapter,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Signer } from './create-signer.js';
import { readOutgoingBody } from './outgoing-body.js';
import { errorCodeOfBody, isRefusedKeyCode, signedKeyId } from './refused-credentials.js';

/** Options of {@link signAxios}. */
export interface AxiosSigningOptions {
  /**
   * Serialize plain objects and arrays given as `data` as RFC 8785 canonical JSON (with
   * `content-type: application/json` unless another JSON type is set). Default true; with false,
   * axios' own `JSON.stringify` runs and its output is what is signed.
   */
  readonly canonicalJson?: boolean | undefined;
}

const SIGNING = Symbol.for('signwire.axios.signing');
type SigningAdapter = AxiosAdapter & { readonly [SIGNING]: true };

function isSigning(adapter: unknown): adapter is SigningAdapter {
  return typeof adapter === 'function' && (adapter as Partial<SigningAdapter>)[SIGNING] === true;
}

/** A plain object or array: what axios would turn into JSON. */
function isJsonValue(data: unknown): boolean {
  if (Array.isArray(data)) return true;
  if (data === null || typeof data !== 'object') return false;
  const prototype = Object.getPrototypeOf(data);
  return prototype === Object.prototype || prototype === null;
}

function isJsonType(contentType: unknown): boolean {
  if (typeof contentType !== 'string') return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/** The header fields axios will send, as name/value pairs (values axios drops, `false`/`null`, left out). */
function headerLines(headers: AxiosHeaders): [string, string][] {
  const lines: [string, string][] = [];
  for (const [name, value] of Object.entries(headers.toJSON())) {
    if (typeof value === 'string' || typeof value === 'number') lines.push([name, String(value)]);
    else if (Array.isArray(value)) lines.push([name, value.join(', ')]);
  }
  return lines;
}

/** The key id of a `401` that refuses the key (KEY_RETIRED, KEY_UNKNOWN, KEY_REVOKED), or `undefined`. */
function refusedKeyId(response: AxiosResponse | undefined, signed: InternalAxiosRequestConfig): string | undefined {
  if (response?.status !== 401 || !isRefusedKeyCode(errorCodeOfBody(response.data))) return undefined;
  return signedKeyId(String(signed.headers.get('signature-input') ?? ''));
}

/**
 * The adapter wrapper: the request as the adapter will send it, signed. The inner adapter gets a
 * copy of the config with the signature fields and the exact bytes; the response and errors carry
 * the caller's config, so a retry of it (axios-retry) is signed afresh. With a credentials signer, a
 * `401` that refuses the key (docs/spec.md §16.6) drops it and the request is signed with new
 * credentials and sent once more, here, as `createSignedFetch` does; the second answer is final.
 */
function signingAdapter(inner: InternalAxiosRequestConfig['adapter'], signer: Signer, instance: AxiosInstance): SigningAdapter {
  const adapter = async (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const bodiless = method === 'GET' || method === 'HEAD';
    const body = bodiless ? await readOutgoingBody(undefined, 'axios') : await readOutgoingBody(config.data, 'axios');
    const send = getAdapter(inner, config);
    const signAndSend = async (): Promise<{ signed: InternalAxiosRequestConfig; response?: AxiosResponse; error?: unknown }> => {
      const headers = new AxiosHeaders(config.headers); // a copy: the caller's config keeps its own fields
      if (body.contentType !== undefined && (body.multipart || !headers.has('content-type'))) headers.setContentType(body.contentType);
      if (body.bytes === undefined) headers.setContentType(null);
      const signature = await signer.sign({ method, url: instance.getUri(config), headers: headerLines(headers), body: body.bytes });
      for (const [name, value] of Object.entries(signature)) headers.set(name, value);
      const signed: InternalAxiosRequestConfig = { ...config, headers, data: body.bytes?.buffer };
      try {
        return { signed, response: await send(signed) };
      } catch (error) {
        return { signed, error };
      }
    };
    let sent = await signAndSend();
    if (signer.hasCredentials) {
      const refused = refusedKeyId(sent.response ?? (sent.error as { response?: AxiosResponse } | undefined)?.response, sent.signed);
      if (refused !== undefined) {
        signer.dropCredentials(refused);
        sent = await signAndSend();
      }
    }
    const { signed, response, error } = sent;
    if (response !== undefined) return response.config === signed ? { ...response, config } : response;
    if (typeof error === 'object' && error !== null && (error as { config?: unknown }).config === signed) {
      (error as { config: unknown }).config = config;
    }
    throw error;
  };
  return Object.assign(adapter, { [SIGNING]: true as const });
}

/**
 * Signs every request of an axios instance with `signer`: the method, URL (`baseURL`, `url` and
 * `params` as axios builds them), covered fields and exactly the body bytes the adapter sends.
 * Install it first, before your own request interceptors: axios runs the last installed first, so
 * this one runs after yours and sees their changes.
 *
 * @example
 * ```ts
 * const api = signAxios(axios.create({ baseURL: 'https://api.example.com' }), createSigner({ keyId, secret }));
 * await api.post('/orders', { sku: 'book', qty: 2 }); // sent as {"qty":2,"sku":"book"}, signed
 * ```
 * @param instance - the axios instance (or the default `axios`) to sign with.
 * @param signer - a signer from `createSigner`.
 * @param options - JSON serialization.
 * @returns the same instance. Signing errors (a stream body, a relative URL in Node) reject the
 * request with a `SignwireError` before anything is sent; everything else is axios' behaviour.
 * @throws TypeError when `instance` is not an axios instance or `signer` not a signer.
 */
export function signAxios<Instance extends AxiosInstance>(instance: Instance, signer: Signer, options: AxiosSigningOptions = {}): Instance {
  if (typeof instance?.interceptors?.request?.use !== 'function' || typeof instance.getUri !== 'function') {
    throw new TypeError('signAxios(instance, signer): instance must be axios or an instance from axios.create()');
  }
  if (typeof signer?.sign !== 'function') throw new TypeError('signAxios(instance, signer): signer must come from createSigner()');
  const canonical = options.canonicalJson !== false;
  instance.interceptors.request.use((config) => {
    if (canonical && isJsonValue(config.data)) {
      const type: unknown = config.headers.getContentType();
      if (type === undefined || type === null || type === false || isJsonType(type)) {
        config.data = canonicalJson(config.data);
        if (!isJsonType(type)) config.headers.setContentType('application/json');
      }
    }
    // A per-request adapter is wrapped too: nothing leaves this instance unsigned.
    if (!isSigning(config.adapter)) config.adapter = signingAdapter(config.adapter ?? instance.defaults.adapter, signer, instance);
    return config;
  });
  return instance;
}
