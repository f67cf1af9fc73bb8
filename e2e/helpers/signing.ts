// Signing requests for raw-socket tests with core's signRequest, and writing them on the wire.
import { createHash } from 'node:crypto';
import { createNonce, importSecret, signRequest } from '@signwire/core';
import { ORIGIN, SECRET_B64 } from './processes.js';

export const KEY = importSecret({ base64: SECRET_B64 });
export const KEY_ID = 'client-1';

export interface SignedRaw {
  readonly method: string;
  readonly target: string;
  readonly nonce: string;
  /** Signature fields plus the caller's headers, as `name: value` lines (no framing fields). */
  readonly lines: string[];
  readonly body: Buffer;
  readonly bodySha256: string;
}

export function signRaw(method: string, target: string, body: Buffer | string = '', headers: [string, string][] = []): SignedRaw {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const nonce = createNonce();
  const parts = signRequest({
    request: { method, url: ORIGIN + target, headers, body: bytes.length > 0 ? new Uint8Array(bytes) : undefined },
    key: KEY,
    keyId: KEY_ID,
    created: Math.floor(Date.now() / 1000),
    nonce,
  });
  const lines = headers.map(([n, v]) => `${n}: ${v}`);
  for (const [n, v] of Object.entries(parts.headers)) if (v !== undefined) lines.push(`${n}: ${v}`);
  return { method, target, nonce, lines, body: bytes, bodySha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The request on the wire: request line, Host, the signed lines, the given framing lines, body bytes. */
export function wire(request: SignedRaw, framing: string[] | 'content-length', body: Buffer | string = request.body, eol = '\r\n'): Buffer {
  const framingLines = framing === 'content-length' ? (request.body.length > 0 ? [`Content-Length: ${request.body.length}`] : []) : framing;
  const head = [`${request.method} ${request.target} HTTP/1.1`, 'Host: api.test', ...request.lines, ...framingLines].join(eol);
  return Buffer.concat([Buffer.from(`${head}${eol}${eol}`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
}

export function chunked(...parts: string[]): string {
  return `${parts.map((p) => `${Buffer.byteLength(p, 'latin1').toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;
}
