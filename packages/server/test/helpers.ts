// Builds core-signed requests for the tests.
import { createNonce, importSecret, signRequest } from '@signwire/core';

export const SECRET = { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } as const;
export const OTHER_SECRET = { hex: 'ff'.repeat(32) } as const;
export const NOW = 1_700_000_000;
export const ORIGIN = 'https://api.example.com';

export interface SignOptions {
  method?: string;
  url?: string;
  headers?: [string, string][];
  body?: string | Uint8Array;
  keyId?: string;
  secret?: typeof SECRET | typeof OTHER_SECRET;
  created?: number;
  expires?: number;
  nonce?: string;
  components?: string[];
  label?: string;
}

/** Signs with core and returns the parts to send. */
export function sign(options: SignOptions = {}): {
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer> | null;
} {
  const headers = options.headers ?? (options.body === undefined ? [] : [['content-type', 'application/json']]);
  const parts = signRequest({
    request: { method: options.method ?? 'POST', url: options.url ?? `${ORIGIN}/v1/orders?dry_run=1`, headers, body: options.body },
    key: importSecret(options.secret ?? SECRET),
    keyId: options.keyId ?? 'client-1',
    created: options.created ?? NOW,
    expires: options.expires,
    nonce: options.nonce ?? createNonce(),
    components: options.components,
    label: options.label,
  });
  return {
    method: parts.method,
    url: parts.url,
    headers: [...headers, ...Object.entries(parts.headers)],
    body: parts.body === undefined ? null : new Uint8Array(parts.body),
  };
}

/** A signed Fetch Request. */
export function signedRequest(options: SignOptions = {}): Request {
  const parts = sign(options);
  return new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
}
