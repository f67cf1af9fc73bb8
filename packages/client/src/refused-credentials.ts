/**
 * A key the server no longer accepts (docs/spec.md §16.6): a `401` whose `error.code` is KEY_RETIRED,
 * KEY_UNKNOWN or KEY_REVOKED. A credentials signer drops that key, fetches new credentials and sends
 * the request once more; `createSignedFetch`, `signAxios` and `signKy` share these helpers.
 */

/** The codes of a key the server no longer accepts. */
const REFUSED_KEY_CODES: readonly unknown[] = ['KEY_RETIRED', 'KEY_UNKNOWN', 'KEY_REVOKED'];

/**
 * Whether a rejection's `error.code` says the key is no longer accepted.
 *
 * @param code - the `error.code` of a `401` body, or anything read instead.
 * @returns true for KEY_RETIRED, KEY_UNKNOWN and KEY_REVOKED.
 */
export function isRefusedKeyCode(code: unknown): boolean {
  return REFUSED_KEY_CODES.includes(code);
}

/**
 * The `error.code` of a Signwire rejection body in any form a client library hands it over: parsed
 * JSON, text, or bytes. Anything else (a stream, a body that is not JSON) gives `undefined`.
 *
 * @param body - the response body.
 * @returns the code, or `undefined`.
 */
export function errorCodeOfBody(body: unknown): unknown {
  let value = body;
  try {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const view = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      value = new TextDecoder().decode(view);
    }
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return undefined;
  }
  return (value as { error?: { code?: unknown } } | null | undefined)?.error?.code;
}

/**
 * The key id a signed request was signed with, read from its `Signature-Input` value.
 *
 * @param signatureInput - the `Signature-Input` field value the signer set.
 * @returns the `keyid` parameter, or `''` when there is none.
 */
export function signedKeyId(signatureInput: string | null | undefined): string {
  return /;keyid="([^"]*)"/.exec(signatureInput ?? '')?.[1] ?? '';
}
