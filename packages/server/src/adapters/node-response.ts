/**
 * Signing a Node `ServerResponse` (docs/spec.md §15.1): the head is held back until `end()`, the body
 * given to `end()` is signed, then the signature fields are set and the response goes out as the
 * application wrote it. A body streamed with `write()` is buffered only with `bufferStreams`; without
 * it the response passes through unsigned.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ResolvedResponseSigning, type ResponseSigner, tooLarge } from '../response-signing.js';

type Callback = (error?: Error | null) => void;
type WriteHeadArgs = [statusCode: number, reasonOrHeaders?: unknown, headers?: unknown];

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null) return undefined;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('a response chunk must be a string or bytes');
}

function fieldLines(headers: OutgoingHttpHeaders): [string, string][] {
  const lines: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push([name, String(item)]);
  }
  return lines;
}

function applyHead(res: ServerResponse, [statusCode, reasonOrHeaders, maybeHeaders]: WriteHeadArgs): void {
  res.statusCode = statusCode;
  let headers = reasonOrHeaders;
  if (typeof reasonOrHeaders === 'string') {
    res.statusMessage = reasonOrHeaders;
    headers = maybeHeaders;
  }
  if (Array.isArray(headers)) {
    const flat = headers.every((item) => !Array.isArray(item)) ? headers : headers.flat();
    for (let i = 0; i + 1 < flat.length; i += 2) res.appendHeader(String(flat[i]), String(flat[i + 1]));
  } else if (headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value as string | number | string[]);
  }
}

/**
 * Makes `res` signed: call it before the application writes anything.
 *
 * @param sign - a signer from `verifier.responseSigner(...)`.
 * @param res - the response (its `writeHead`, `write` and `end` are wrapped until it ends).
 * @param settings - the effective response signing settings.
 */
export function signNodeResponse(sign: ResponseSigner, res: ServerResponse, settings: ResolvedResponseSigning): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const restore = (): void => {
    res.writeHead = original.writeHead;
    res.write = original.write;
    res.end = original.end;
  };
  const chunks: Buffer[] = [];
  let total = 0;
  const take = (chunk: unknown, encoding: unknown): boolean => {
    const bytes = toBuffer(chunk, encoding);
    if (bytes === undefined) return true;
    total += bytes.length;
    if (total > settings.maxBodyBytes) return false;
    chunks.push(bytes);
    return true;
  };
  res.writeHead = ((...args: WriteHeadArgs) => {
    applyHead(res, args);
    return res;
  }) as ServerResponse['writeHead'];
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    if (!settings.bufferStreams) {
      restore(); // a streamed body without the opt-in: sent unsigned, as written
      return (original.write as (...a: unknown[]) => boolean).call(res, chunk, encoding, callback);
    }
    if (!take(chunk, typeof encoding === 'function' ? undefined : encoding)) {
      restore();
      res.destroy(tooLarge(settings.maxBodyBytes));
      return false;
    }
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as Callback)());
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    restore();
    const done = [chunk, encoding, callback].find((arg) => typeof arg === 'function') as Callback | undefined;
    try {
      if (!take(typeof chunk === 'function' ? undefined : chunk, typeof encoding === 'function' ? undefined : encoding)) {
        throw tooLarge(settings.maxBodyBytes);
      }
      const body = Buffer.concat(chunks);
      const signature = sign({ status: res.statusCode, headers: fieldLines(res.getHeaders()), body });
      for (const [name, value] of Object.entries(signature)) res.setHeader(name, value);
      return (original.end as (...a: unknown[]) => ServerResponse).call(res, body.length === 0 ? undefined : body, done);
    } catch (error) {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
      return res;
    }
  }) as ServerResponse['end'];
}
