// In-process helpers for property and bypass tests: sign with core, verify with core's verifier.
import { canonicalJson, createNonce, importSecret, type SignableRequest, signRequest, verifyRequestSignature } from '@signwire/core';
import fc from 'fast-check';

export const NOW = 1_700_000_000;
export const ORIGIN = 'https://api.example.com';
export const KEYS = {
  'client-1': importSecret({ hex: '11'.repeat(32) }),
  'client-2': importSecret({ hex: '22'.repeat(32) }),
};

export type Headers = [string, string][];
export interface Received {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | undefined;
}

export interface Signed extends Received {
  readonly nonce: string;
  readonly signatureInput: string;
  readonly signature: string;
}

export function sign(
  request: { method: string; url: string; headers?: Headers; body?: Uint8Array | string | undefined; components?: string[] },
  options: { keyId?: 'client-1' | 'client-2'; created?: number; expires?: number; nonce?: string } = {},
): Signed {
  const keyId = options.keyId ?? 'client-1';
  const nonce = options.nonce ?? createNonce();
  const parts = signRequest({
    request: { method: request.method, url: request.url, headers: request.headers ?? [], body: request.body },
    key: KEYS[keyId],
    keyId,
    created: options.created ?? NOW,
    expires: options.expires,
    nonce,
    components: request.components,
  });
  const headers: Headers = [...(request.headers ?? [])];
  if (parts.headers['content-digest'] !== undefined) headers.push(['Content-Digest', parts.headers['content-digest']]);
  headers.push(['Signature-Input', parts.headers['signature-input']], ['Signature', parts.headers.signature]);
  return {
    method: parts.method,
    url: parts.url,
    headers,
    body: parts.body,
    nonce,
    signatureInput: parts.headers['signature-input'],
    signature: parts.headers.signature,
  };
}

/** Verifies with core; returns 'ok' or the error code (anything that is not a SignwireError is rethrown). */
export function verify(request: Received, options: { now?: number; seen?: Set<string> } = {}): string {
  try {
    verifyRequestSignature({
      request: request as SignableRequest,
      now: options.now ?? NOW,
      lookupKey: (id) => (id in KEYS ? { key: KEYS[id as keyof typeof KEYS] } : undefined),
      isNonceSeen: (keyId, nonce) => options.seen?.has(`${keyId}:${nonce}`) ?? false,
    });
    return 'ok';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    return code;
  }
}

export function setHeader(headers: Headers, name: string, value: string): Headers {
  return headers.map(([n, v]) => (n.toLowerCase() === name.toLowerCase() ? [n, value] : [n, v]));
}

export function getHeader(headers: Headers, name: string): string {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? '';
}

// ---- arbitraries ----

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const standardMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get', 'post', 'patch', 'QUERY', 'PROPFIND');
const segment = fc.string({ unit: 'grapheme', maxLength: 8 });
const queryPart = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const visible = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);

export type BodyKind = 'none' | 'text' | 'bytes' | 'json';
export const bodyArb = fc.oneof(
  fc.constant({ kind: 'none' as BodyKind, body: undefined, contentType: undefined }),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
    .map((t) => ({ kind: 'text' as BodyKind, body: t, contentType: 'text/plain; charset=utf-8' })),
  fc
    .uint8Array({ minLength: 1, maxLength: 80 })
    .map((b) => ({ kind: 'bytes' as BodyKind, body: b, contentType: 'application/octet-stream' })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: 'json' as BodyKind, body: canonicalJson(v), contentType: 'application/json' })),
);

export const requestArb = fc.record({
  method: standardMethod,
  host: fc.constantFrom('api.example.com', 'API.Example.COM:443', 'localhost:8080', '127.0.0.1:3000', '[::1]:9000'),
  segments: fc.array(segment, { maxLength: 4 }),
  query: fc.option(fc.array(queryPart, { maxLength: 3 }), { nil: undefined }),
  extra: fc.uniqueArray(
    fc.tuple(
      token.map((t) => `x-${t}`),
      visible,
    ),
    { maxLength: 3, selector: ([n]) => n },
  ),
  body: bodyArb,
});

export type RequestSpec = fc.Arbitrary<typeof requestArb extends fc.Arbitrary<infer T> ? T : never>;

export function buildRequest(spec: typeof requestArb extends fc.Arbitrary<infer T> ? T : never): {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | string | undefined;
  kind: BodyKind;
  components: string[];
} {
  const path = `/${spec.segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const query =
    spec.query === undefined ? '' : `?${spec.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
  const headers: Headers = spec.extra.map(([n, v]) => [n, v]);
  if (spec.body.contentType !== undefined) headers.push(['Content-Type', spec.body.contentType]);
  return {
    method: spec.method,
    url: `http://${spec.host}${path}${query}`,
    headers,
    body: spec.body.body,
    kind: spec.body.kind,
    components: spec.extra.map(([n]) => n),
  };
}
