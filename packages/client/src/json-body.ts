/**
 * JSON bodies in RFC 8785 canonical form, and opt-in canonicalization of JSON text a caller built.
 */
import { canonicalJson, SignwireError } from '@signwire/core';
import { readRequestBody } from './request-body.js';

/** A canonical JSON body and its content type, to spread into a `fetch` init. */
export type JsonBody = {
  /** RFC 8785 canonical JSON text (sent as UTF-8). */
  readonly body: string;
  /** `content-type: application/json`. */
  readonly headers: {
    /** Always `application/json`. */
    readonly 'content-type': 'application/json';
  };
};

/**
 * Serializes a value as RFC 8785 canonical JSON for a request body.
 *
 * @example
 * ```ts
 * await signedFetch('https://api.example.com/v1/orders', { method: 'POST', ...jsonBody({ qty: 1, item: 'book' }) });
 * // body: {"item":"book","qty":1}
 * ```
 * @param value - a JSON-compatible value.
 * @returns `{ body, headers }`.
 * @throws SignwireError JSON_UNSUPPORTED for values RFC 8785 cannot represent (undefined, NaN, BigInt, cycles, …).
 */
export function jsonBody(value: unknown): JsonBody {
  return { body: canonicalJson(value), headers: { 'content-type': 'application/json' } };
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json[\t ]*(?:;|$)/i;

/**
 * Whether a `Content-Type` names JSON (`application/json` or `application/*+json`).
 *
 * @param contentType - the field value, or `null`.
 * @returns true for a JSON media type.
 */
export function isJsonMediaType(contentType: string | null): boolean {
  return contentType !== null && JSON_MEDIA_TYPE.test(contentType.trim());
}

/**
 * Re-serializes a request's JSON body in canonical form when its `Content-Type` is JSON; other
 * requests are returned unchanged.
 *
 * @param request - the request.
 * @returns the request with a canonical body.
 * @throws SignwireError JSON_UNSUPPORTED when the body is not UTF-8 JSON or holds values JCS cannot represent.
 */
export async function canonicalizeJsonRequest(request: Request): Promise<Request> {
  if (!isJsonMediaType(request.headers.get('content-type'))) return request;
  const bytes = await readRequestBody(request);
  if (bytes === undefined) return request;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new SignwireError('JSON_UNSUPPORTED', 'the body has a JSON content type but is not UTF-8 JSON', { cause });
  }
  return new Request(request, { body: canonicalJson(value) });
}
