/**
 * Constant-time byte comparison (`@noble/hashes` 2.x exports none).
 */

/**
 * Compares two byte arrays in time that depends only on their lengths, not on where they differ.
 *
 * @param a - first bytes (e.g. the expected MAC).
 * @param b - second bytes (e.g. the received MAC).
 * @returns true when both have the same length and content.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
