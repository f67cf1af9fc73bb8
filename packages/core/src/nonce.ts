/**
 * Nonces: 128 random bits from the platform CSPRNG, base64url-encoded.
 */
import { toBase64Url } from './bytes.js';
import { SignwireError } from './errors.js';

/**
 * Creates a nonce with 128 bits from `crypto.getRandomValues`.
 *
 * @returns 22 characters of base64url.
 * @throws SignwireError CONFIGURATION_INVALID when the runtime has no `crypto.getRandomValues`
 * (never falls back to a weaker source).
 */
export function createNonce(): string {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof cryptoApi?.getRandomValues !== 'function') {
    throw new SignwireError('CONFIGURATION_INVALID', 'crypto.getRandomValues is not available in this runtime');
  }
  const bytes = new Uint8Array(16);
  cryptoApi.getRandomValues(bytes);
  return toBase64Url(bytes);
}
