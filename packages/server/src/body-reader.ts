/**
 * Reads a request body once, counting as it goes, and stops at the size limit without buffering
 * more than one chunk past it, or when the body has not arrived within the timeout.
 */
import { ConfigurationError, VerificationError } from '@signwire/core';
import { asChunk, concat, incomplete, timedOut, tooLarge } from './body-chunks.js';
import { isNodeReadable, readNodeStream } from './node-stream-body.js';

/** A body as a runtime hands it over: a Fetch stream, a Node stream (async iterable) or bytes. */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | null | undefined;

const EMPTY = new Uint8Array(0);

/** How long {@link readBody} waits for a whole body unless told otherwise: 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

const ignore = (): void => undefined;

/**
 * Reads every byte of `source`, at most `limit` of them.
 *
 * Not an `async` function: for a Node stream it returns the stream reader's promise itself, two
 * microtask turns sooner than an `async` wrapper would settle.
 *
 * @param source - the body.
 * @param limit - the maximum number of bytes (`maxBodyBytes`).
 * @param timeoutMs - how long to wait for the whole body, from this call (the verifier's
 * `bodyTimeoutMs`); a positive integer of milliseconds, at most 2^31 − 1.
 * @returns the exact body bytes (empty when there is no body).
 * @throws VerificationError (as a rejected promise) BODY_TOO_LARGE as soon as the count passes
 * `limit` (the stream is then cancelled / returned); BODY_INCOMPLETE when the stream fails, closes
 * before its end or was destroyed before the read (the client went away; the stream's error is the
 * `cause`); CONFIGURATION_INVALID when the stream yields strings, a Node stream was already read
 * to its end or is held by a 'readable' listener, or a Fetch stream is locked by another reader;
 * BODY_TIMEOUT when the body has not ended `timeoutMs` after the call (a Node stream is then
 * paused, a Fetch stream cancelled, an iterator returned).
 */
export function readBody(source: BodySource, limit: number, timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS): Promise<Uint8Array> {
  if (source === null || source === undefined) return Promise.resolve(EMPTY);
  if (source instanceof Uint8Array) return source.length > limit ? Promise.reject(tooLarge(limit)) : Promise.resolve(source);
  if (!(source instanceof ReadableStream) && isNodeReadable(source)) return readNodeStream(source, limit, timeoutMs);
  return readChunks(source, limit, timeoutMs);
}

/**
 * {@link readBody} for a Fetch stream or another async iterable: each read races the deadline; on
 * the timeout the source is cancelled (or its iterator returned) without waiting for it.
 */
async function readChunks(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  limit: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (source instanceof ReadableStream && source.locked) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the body stream is locked by another reader');
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(timeoutMs)), timeoutMs);
  });
  deadline.catch(ignore); // settled only while a read races it, or never
  const chunks: Uint8Array[] = [];
  let total = 0;
  const take = (value: unknown): boolean => {
    const chunk = asChunk(value);
    total += chunk.length;
    if (total > limit) return false;
    chunks.push(chunk);
    return true;
  };
  let stop: (reason: VerificationError) => Promise<unknown>;
  let next: () => Promise<IteratorResult<Uint8Array>>;
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    stop = (reason) => reader.cancel(reason);
    next = () => reader.read() as Promise<IteratorResult<Uint8Array>>;
  } else {
    const iterator = source[Symbol.asyncIterator]();
    stop = async () => iterator.return?.();
    next = () => iterator.next();
  }
  try {
    for (;;) {
      const { done, value } = await Promise.race([next().catch((error: unknown) => Promise.reject(incomplete(error))), deadline]);
      if (done === true) return concat(chunks, total);
      if (!take(value)) {
        await stop(tooLarge(limit)).catch(ignore);
        throw tooLarge(limit);
      }
    }
  } catch (error) {
    if (error instanceof VerificationError && error.code === 'BODY_TIMEOUT') stop(error).catch(ignore);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
