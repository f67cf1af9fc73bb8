/**
 * SHA-256 and HMAC-SHA256 from WebCrypto (`crypto.subtle`), the platform's native implementation in
 * browsers, Deno, Bun, workers and Node. Asynchronous, so it serves the async signing paths only.
 */
import { ConfigurationError } from './errors.js';

/** HMAC-SHA256 under a key already imported into WebCrypto. */
export type WebCryptoMac = (data: Uint8Array) => Promise<Uint8Array>;

/** WebCrypto refuses views of a `SharedArrayBuffer`: those are copied. */
function plainBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

function subtleCrypto(): SubtleCrypto {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle === undefined) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'crypto.subtle is not available (browsers offer it only on https: pages and localhost); give the signer synchronous hashes, e.g. hashes: nobleHashes',
    );
  }
  return subtle;
}

/**
 * SHA-256 with `crypto.subtle.digest`.
 *
 * @param data - the bytes.
 * @returns the 32-byte digest.
 * @throws SignwireError CONFIGURATION_INVALID when the runtime has no `crypto.subtle` or it fails.
 */
export async function webCryptoSha256(data: Uint8Array): Promise<Uint8Array> {
  const subtle = subtleCrypto();
  return new Uint8Array(await refusedAs('crypto.subtle.digest', () => subtle.digest('SHA-256', plainBytes(data))));
}

/**
 * Imports an HMAC-SHA256 key into WebCrypto as non-extractable, once, and returns the MAC function.
 *
 * @param keyBytes - the key bytes.
 * @returns HMAC-SHA256 under that key.
 * @throws SignwireError CONFIGURATION_INVALID when the runtime has no `crypto.subtle` or it fails.
 */
export async function importWebCryptoHmacKey(keyBytes: Uint8Array): Promise<WebCryptoMac> {
  const subtle = subtleCrypto();
  const key = await refusedAs('crypto.subtle.importKey', () =>
    subtle.importKey('raw', plainBytes(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  );
  return async (data) => new Uint8Array(await refusedAs('crypto.subtle.sign', () => subtle.sign('HMAC', key, plainBytes(data))));
}

/** Runs a WebCrypto call; its failures (DOMException, TypeError) become CONFIGURATION_INVALID. */
async function refusedAs<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new ConfigurationError('CONFIGURATION_INVALID', `${what} failed in this runtime`, { cause });
  }
}
