/**
 * Reads a received request for `signwire verify` and the inspector's paste mode: a raw HTTP/1.1
 * request as it was on the wire (or copied from a log), or the test vectors' JSON request form.
 * Browser-safe: no `node:` imports.
 */
import type { SignableRequest } from '@signwire/core';
import { fromBase64 } from '@signwire/core/internal';
import { frameBody, latin1, RequestFormatError } from './body-framing.js';

export { RequestFormatError } from './body-framing.js';

/** A request as read from the input, before the verifier's origin is applied. */
export interface ReceivedRequestText {
  /** The method as received. */
  readonly method: string;
  /** Raw HTTP: the request target as received (`/path?query`). */
  readonly target: string | undefined;
  /** JSON form: the URL as the verifier reconstructs it (origin + raw target). */
  readonly url: string | undefined;
  /** The header field lines, in order, names and values as received. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body bytes (chunked bodies decoded). */
  readonly body: Uint8Array;
  /** What the reader decided that the user should know (ignored bytes, missing framing). */
  readonly notes: readonly string[];
}

/**
 * Reads a request: JSON when the first non-blank character is `{`, raw HTTP/1.1 otherwise. Lines may
 * end in CRLF or LF. The body is framed as a server frames it (RFC 9112 §6.3): `Transfer-Encoding:
 * chunked` is decoded, `Content-Length` bytes are taken, and a request with neither has no body.
 *
 * @param input - the bytes read.
 * @returns the request.
 * @throws RequestFormatError when it cannot be read as either form.
 */
export function readReceivedRequest(input: Uint8Array): ReceivedRequestText {
  const first = input.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  if (first === -1) throw new RequestFormatError('the input is empty');
  return input[first] === 0x7b ? readJsonRequest(new TextDecoder().decode(input)) : readRawRequest(input, first);
}

/**
 * The request the verifier checks: the configured origin joined with the raw target (docs/spec.md
 * §4.2), or the JSON form's URL with its origin replaced by `origin` when one is given.
 *
 * @param request - the request read.
 * @param origin - the public origin, `scheme://host[:port]` (required for raw HTTP).
 * @returns the signable request.
 * @throws RequestFormatError when a raw request has no origin to join.
 */
export function toSignableRequest(request: ReceivedRequestText, origin: string | undefined): SignableRequest {
  let url: string;
  if (request.target !== undefined) {
    if (origin === undefined) throw new RequestFormatError('a raw HTTP request needs the origin the server is configured with');
    url = `${origin}${request.target}`;
  } else {
    const given = request.url as string;
    url = origin === undefined ? given : `${origin}${given.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')}`;
  }
  return {
    method: request.method,
    url,
    headers: request.headers.map(([name, value]) => [name, value] as [string, string]),
    body: request.body,
  };
}

/**
 * Checks an origin as a verifier's `publicOrigin` is checked.
 *
 * @param value - e.g. `https://api.example.com`.
 * @returns the serialized origin.
 * @throws RequestFormatError when it is not `scheme://host[:port]` with scheme http or https.
 */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RequestFormatError('the origin must be scheme://host[:port], e.g. https://api.example.com');
  }
  const bare =
    (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) {
    throw new RequestFormatError('the origin must be scheme://host[:port] only, e.g. https://api.example.com');
  }
  return url.origin;
}

function readRawRequest(input: Uint8Array, start: number): ReceivedRequestText {
  const headEnd = findHeadEnd(input, start);
  const head = latin1(input.subarray(start, headEnd.at)).replace(/\r$/, '').split(/\r?\n/);
  const requestLine = /^([^\s]+) ([^\s]+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(head[0] ?? '');
  if (requestLine === null) throw new RequestFormatError('the first line must be the request line: METHOD /path?query HTTP/1.1');
  const headers: [string, string][] = [];
  for (const [i, line] of head.slice(1).entries()) {
    if (line === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      throw new RequestFormatError(`line ${i + 2} continues the previous field (obsolete line folding is refused, RFC 9112 §5.2)`);
    }
    const colon = line.indexOf(':');
    if (colon < 1 || /\s/.test(line.slice(0, colon))) throw new RequestFormatError(`line ${i + 2} is not a "Name: value" field line`);
    headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  const rest = input.subarray(headEnd.bodyAt);
  const { body, notes } = frameBody(headers, rest);
  return { method: requestLine[1] as string, target: requestLine[2] as string, url: undefined, headers, body, notes };
}

/** Where the head ends (first empty line) and the body starts; the whole input when there is none. */
function findHeadEnd(input: Uint8Array, start: number): { at: number; bodyAt: number } {
  for (let i = start; i < input.length; i++) {
    if (input[i] !== 0x0a) continue;
    if (input[i + 1] === 0x0a) return { at: i, bodyAt: i + 2 };
    if (input[i + 1] === 0x0d && input[i + 2] === 0x0a) return { at: i, bodyAt: i + 3 };
  }
  return { at: input.length, bodyAt: input.length };
}

function readJsonRequest(text: string): ReceivedRequestText {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RequestFormatError('the input starts with "{" but is not valid JSON');
  }
  const request = isObject(parsed) && isObject(parsed.request) ? parsed.request : parsed;
  if (!isObject(request) || typeof request.method !== 'string' || typeof request.url !== 'string') {
    throw new RequestFormatError('a JSON request needs "method" and "url" strings (the vectors\' request form)');
  }
  const headers = jsonHeaders(request.headers);
  let body: Uint8Array = new Uint8Array(0);
  if (typeof request.body_base64 === 'string') {
    const decoded = fromBase64(request.body_base64);
    if (decoded === undefined) throw new RequestFormatError('"body_base64" is not valid base64');
    body = decoded;
  } else if (typeof request.body === 'string') {
    body = new TextEncoder().encode(request.body);
  } else if (request.body_base64 !== undefined || (request.body !== undefined && request.body !== null)) {
    throw new RequestFormatError('the JSON body must be "body_base64" (base64) or "body" (text)');
  }
  return { method: request.method, target: undefined, url: request.url, headers, body, notes: [] };
}

function jsonHeaders(value: unknown): [string, string][] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((line) => Array.isArray(line) && line.length === 2 && line.every((s) => typeof s === 'string'))) {
    return value as [string, string][];
  }
  if (isObject(value) && Object.values(value).every((v) => typeof v === 'string')) return Object.entries(value as Record<string, string>);
  throw new RequestFormatError('"headers" must be a list of [name, value] pairs or an object of strings');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
