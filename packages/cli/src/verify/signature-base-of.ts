/**
 * The signature base of a signed request, as a verifier derives it from the request itself (the
 * covered list and parameters from its `Signature-Input`): what `-v` prints, and what the server
 * computes when nothing changes the request on the way. Browser-safe: no `node:` imports.
 */
import type { SignableRequest } from '@signwire/core';
import { createSignatureBase, parseSignature, resolvePolicy, toFieldLines, utf8 } from '@signwire/core/internal';

/**
 * Derives the signature base from a signed request.
 *
 * @param request - the signed request (URL as sent, its field lines, its body bytes).
 * @param label - the signature's label (default `sig1`).
 * @returns the signature base.
 * @throws SignwireError when the request's signature fields do not parse or a component is missing.
 */
export function signatureBaseOf(request: SignableRequest, label?: string): string {
  const policy = resolvePolicy({ label });
  const fields = toFieldLines(request.headers);
  const body = typeof request.body === 'string' ? utf8(request.body) : (request.body ?? new Uint8Array(0));
  const pending = parseSignature({ ...request, headers: fields }, body, policy, 0, { checkTime: false, fields });
  return createSignatureBase(pending.components, pending, pending.signatureParams);
}
