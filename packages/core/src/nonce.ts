/**
 * Nonces: 128 random bits from the platform CSPRNG, base64url-encoded.
 */
import { toBase64Url } from './bytes.js';
import { ConfigurationError } from './errors.js';

/**
 * Creates a nonce with 128 bits from `crypto.getRandomValues`.
 *
 * @returns 22 characters of base64url.
 * @throws SignwireError CONFIGURATION_INVALID when the runtime has no `crypto.getRandomValues`
 * (never falls back to a weaker source).
 */
export function createNonce(): string {
  const bytes = new Uint8Array(NONCE_BYTES);
  fillRandom(bytes);
  return toBase64Url(bytes);
}

/**
 * Creates a nonce source that draws its randomness in batches: one `crypto.getRandomValues` call fills
 * 64 nonces' worth of bytes (a call costs about as much as signing's own string work, so one per request
 * shows in profiles). Each nonce is still 128 fresh bits, used once; the batch lives only in the returned
 * function, never in shared state. A process that is snapshotted and restored more than once should
 * use {@link createNonce}: each restored copy would hand out the rest of the same batch.
 *
 * @example
 * ```ts
 * const nextNonce = createNonceSource();
 * nextNonce(); // 'q3Kx…' (22 base64url characters)
 * ```
 * @returns a function returning a new nonce per call, like {@link createNonce}.
 * @throws SignwireError CONFIGURATION_INVALID (when called) where the runtime has no `crypto.getRandomValues`.
 */
export function createNonceSource(): () => string {
  const batch = new Uint8Array(NONCE_BYTES * NONCES_PER_BATCH);
  let next = batch.length;
  return () => {
    if (next === batch.length) {
      fillRandom(batch);
      next = 0;
    }
    const bytes = batch.subarray(next, next + NONCE_BYTES);
    next += NONCE_BYTES;
    const nonce = toBase64Url(bytes);
    bytes.fill(0); // a used nonce's bytes are not kept
    return nonce;
  };
}

const NONCE_BYTES = 16;
const NONCES_PER_BATCH = 64;

function fillRandom(bytes: Uint8Array): void {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof cryptoApi?.getRandomValues !== 'function') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'crypto.getRandomValues is not available in this runtime');
  }
  cryptoApi.getRandomValues(bytes);
}
