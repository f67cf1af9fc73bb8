/**
 * Reads a request body once, counting as it goes, and stops at the size limit without buffering
 * more than one chunk past it.
 */
import { VerificationError } from '@signwire/core';

/** A body as a runtime hands it over: a Fetch stream, a Node stream (async iterable) or bytes. */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | null | undefined;

const EMPTY = new Uint8Array(0);

function tooLarge(limit: number): VerificationError {
  return new VerificationError('BODY_TOO_LARGE', `the body is larger than ${limit} bytes`);
}

/** The stream failed or closed before its end: the client went away or the connection broke. */
function incomplete(cause?: unknown): VerificationError {
  return new VerificationError('BODY_INCOMPLETE', 'the request body ended before it was complete (the connection closed or failed)', {
    cause,
  });
}

function asChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new VerificationError('CONFIGURATION_INVALID', 'the body stream yields text, not bytes (was an encoding set on it?)');
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A Node readable stream (e.g. an `http.IncomingMessage`): read with events, as body parsers do. */
interface NodeReadable {
  on(event: string, listener: (arg: unknown) => void): unknown;
  removeListener(event: string, listener: (arg: unknown) => void): unknown;
  pause(): unknown;
  resume?(): unknown;
  readonly destroyed?: boolean;
  readonly readableEnded?: boolean;
  readonly readableFlowing?: boolean | null;
}

function isNodeReadable(source: object): source is NodeReadable {
  const candidate = source as Partial<NodeReadable>;
  return typeof candidate.on === 'function' && typeof candidate.removeListener === 'function' && typeof candidate.pause === 'function';
}

/**
 * Reads a Node stream with `data` / `end` listeners: a fraction of the cost of its async iterator
 * per request. Past the limit the stream is paused, not destroyed, so the rejection can still be
 * answered on the connection.
 *
 * A stream destroyed before the read (the client reset while earlier middleware awaited
 * something) fails at once, as does one already read to its end: neither would ever emit `end`.
 * A stream paused by earlier middleware is resumed.
 *
 * Listeners are removed only on failure, where a stream resumed later (Node drains an unread body
 * for keep-alive) must not feed the discarded read. After `end` no data can follow, so they stay
 * until the request is dropped: on an Express request, whose object changes shape with every
 * request, each `removeListener` measured several µs.
 */
function readNodeStream(stream: NodeReadable, limit: number): Promise<Uint8Array> {
  // Ended first: a stream read to its end is usually destroyed too (autoDestroy).
  if (stream.readableEnded === true) {
    return Promise.reject(new VerificationError('CONFIGURATION_INVALID', 'the body stream was already read to its end'));
  }
  if (stream.destroyed === true) return Promise.reject(incomplete());
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    // The error listener stays: a later error (the client going away) must not crash the process.
    const fail = (error: VerificationError): void => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('close', onClose);
      reject(error);
    };
    const onData = (value: unknown): void => {
      try {
        const chunk = asChunk(value);
        total += chunk.length;
        chunks.push(chunk);
      } catch (error) {
        stream.pause();
        fail(error as VerificationError);
        return;
      }
      if (total > limit) {
        stream.pause();
        fail(tooLarge(limit));
      }
    };
    const onEnd = (): void => {
      if (settled) return;
      settled = true;
      resolve(concat(chunks, total));
    };
    // After `end` (settled) this is the normal close of a finished request, not a failure; the
    // check comes first because an Error captures a stack trace (~20 µs per request here).
    const onClose = (): void => {
      if (!settled) fail(incomplete());
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', (error) => fail(incomplete(error)));
    stream.on('close', onClose);
    // A `data` listener starts a stream, unless someone paused it.
    stream.resume?.();
    // Still not flowing: a 'readable' listener holds the stream in paused mode, and no data would come.
    if (stream.readableFlowing === false) {
      stream.pause();
      fail(new VerificationError('CONFIGURATION_INVALID', "another reader holds the body stream (a 'readable' listener)"));
    }
  });
}

/**
 * Reads every byte of `source`, at most `limit` of them.
 *
 * Not an `async` function: for a Node stream it returns the stream reader's promise itself, two
 * microtask turns sooner than an `async` wrapper would settle.
 *
 * @param source - the body.
 * @param limit - the maximum number of bytes (`maxBodyBytes`).
 * @returns the exact body bytes (empty when there is no body).
 * @throws VerificationError (as a rejected promise) BODY_TOO_LARGE as soon as the count passes
 * `limit` (the stream is then cancelled / returned); BODY_INCOMPLETE when the stream fails, closes
 * before its end or was destroyed before the read (the client went away; the stream's error is the
 * `cause`); CONFIGURATION_INVALID when the stream yields strings, a Node stream was already read
 * to its end or is held by a 'readable' listener, or a Fetch stream is locked by another reader.
 */
export function readBody(source: BodySource, limit: number): Promise<Uint8Array> {
  if (source === null || source === undefined) return Promise.resolve(EMPTY);
  if (source instanceof Uint8Array) return source.length > limit ? Promise.reject(tooLarge(limit)) : Promise.resolve(source);
  if (!(source instanceof ReadableStream) && isNodeReadable(source)) return readNodeStream(source, limit);
  return readChunks(source, limit);
}

/** {@link readBody} for a Fetch stream or another async iterable. */
async function readChunks(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const take = (value: unknown): boolean => {
    const chunk = asChunk(value);
    total += chunk.length;
    if (total > limit) return false;
    chunks.push(chunk);
    return true;
  };
  if (source instanceof ReadableStream) {
    if (source.locked) throw new VerificationError('CONFIGURATION_INVALID', 'the body stream is locked by another reader');
    const reader = source.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => Promise.reject(incomplete(error)));
      if (done) break;
      if (!take(value)) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
    }
    return concat(chunks, total);
  }
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const { done, value } = await iterator.next().catch((error: unknown) => Promise.reject(incomplete(error)));
    if (done === true) break;
    if (!take(value)) {
      await iterator.return?.();
      throw tooLarge(limit);
    }
  }
  return concat(chunks, total);
}
