/**
 * Reading the exact body bytes of a Fetch `Request` or a `ReadableStream`, before anything is sent.
 */
import { type SignableRequest, SignwireError } from '@signwire/core';

/** Bytes backed by a plain `ArrayBuffer`, as Fetch `BodyInit` requires. */
export type BodyBytes = Uint8Array<ArrayBuffer>;

/**
 * Copies bytes into a fresh `ArrayBuffer`-backed array (Fetch refuses `SharedArrayBuffer` views).
 *
 * @param bytes - any bytes.
 * @returns a copy.
 */
export function copyBytes(bytes: Uint8Array): BodyBytes {
  return new Uint8Array(bytes);
}

/**
 * Converts a Fetch `Request` into core's request type, reading its body from a clone.
 *
 * @param request - the request (not consumed).
 * @returns method, URL, header lines (as `Headers` iterates them) and body bytes.
 * @throws SignwireError BODY_NOT_BUFFERABLE when the body cannot be read.
 */
export async function fromFetchRequest(request: Request): Promise<SignableRequest & { readonly body: BodyBytes | undefined }> {
  const headers: [string, string][] = [];
  request.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  return { method: request.method, url: request.url, headers, body: await readRequestBody(request) };
}

/**
 * Reads the body of a Fetch `Request` without consuming it (a clone is read).
 *
 * The bytes are those the `Request` will send: for `FormData` the multipart encoding with the boundary
 * already in its `Content-Type`, for `URLSearchParams` the urlencoded text, for a `Blob` its bytes.
 *
 * @param request - the request.
 * @returns the body bytes, or `undefined` when the request has no body.
 * @throws SignwireError BODY_NOT_BUFFERABLE when the body was already read or cannot be read.
 */
export async function readRequestBody(request: Request): Promise<BodyBytes | undefined> {
  if (request.body === null) return undefined;
  if (request.bodyUsed) {
    throw new SignwireError('BODY_NOT_BUFFERABLE', 'the request body was already read; it cannot be signed');
  }
  try {
    return new Uint8Array(await request.clone().arrayBuffer());
  } catch (cause) {
    throw new SignwireError('BODY_NOT_BUFFERABLE', 'the request body could not be read', { cause });
  }
}

/**
 * Buffers a `ReadableStream` of bytes, refusing one longer than `maxBytes` (the stream is then cancelled).
 *
 * @param stream - a stream of `Uint8Array` chunks.
 * @param maxBytes - the largest body accepted.
 * @returns the concatenated bytes.
 * @throws SignwireError BODY_NOT_BUFFERABLE when the stream is locked, yields non-bytes, fails or is too long.
 */
export async function readStream(stream: ReadableStream<unknown>, maxBytes: number): Promise<BodyBytes> {
  if (stream.locked) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body stream is locked (already being read)');
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body stream must yield Uint8Array chunks');
      total += value.length;
      if (total > maxBytes) {
        throw new SignwireError('BODY_NOT_BUFFERABLE', `the body stream is longer than streamBodies(${maxBytes}) allows`);
      }
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof SignwireError) throw error;
    throw new SignwireError('BODY_NOT_BUFFERABLE', 'the body stream failed while it was read', { cause: error });
  } finally {
    reader.releaseLock();
  }
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}
