/**
 * Reading a Node readable stream (an `http.IncomingMessage`) with events, for `readBody`.
 */
import { ConfigurationError, type VerificationError } from '@signwire/core';
import { asChunk, concat, incomplete, timedOut, tooLarge } from './body-chunks.js';

/** A Node readable stream (e.g. an `http.IncomingMessage`): read with events, as body parsers do. */
export interface NodeReadable {
  on(event: string, listener: (arg: unknown) => void): unknown;
  removeListener(event: string, listener: (arg: unknown) => void): unknown;
  pause(): unknown;
  resume?(): unknown;
  readonly destroyed?: boolean;
  readonly readableEnded?: boolean;
  readonly readableFlowing?: boolean | null;
}

export function isNodeReadable(source: object): source is NodeReadable {
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
 * When the timeout fires first, the stream is paused like past the limit: the rejection is answered
 * and the connection closed without reading the rest.
 *
 * Listeners are removed only on failure, where a stream resumed later (Node drains an unread body
 * for keep-alive) must not feed the discarded read. After `end` no data can follow, so they stay
 * until the request is dropped: on an Express request, whose object changes shape with every
 * request, each `removeListener` misses V8's inline caches.
 */
export function readNodeStream(stream: NodeReadable, limit: number, timeoutMs: number): Promise<Uint8Array> {
  // Ended first: a stream read to its end is usually destroyed too (autoDestroy).
  if (stream.readableEnded === true) {
    return Promise.reject(new ConfigurationError('CONFIGURATION_INVALID', 'the body stream was already read to its end'));
  }
  if (stream.destroyed === true) return Promise.reject(incomplete());
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    // The error listener stays: a later error (the client going away) must not crash the process.
    const fail = (error: VerificationError | ConfigurationError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
      clearTimeout(timer);
      resolve(concat(chunks, total));
    };
    // After `end` (settled) this is the normal close of a finished request, not a failure; the
    // check comes first because building an Error captures a stack trace, which every request
    // that ends normally would otherwise pay for.
    const onClose = (): void => {
      if (!settled) fail(incomplete());
    };
    const timer = setTimeout(() => {
      stream.pause();
      fail(timedOut(timeoutMs));
    }, timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', (error) => fail(incomplete(error)));
    stream.on('close', onClose);
    // A `data` listener starts a stream, unless someone paused it.
    stream.resume?.();
    // Still not flowing: a 'readable' listener holds the stream in paused mode, and no data would come.
    if (stream.readableFlowing === false) {
      stream.pause();
      fail(new ConfigurationError('CONFIGURATION_INVALID', "another reader holds the body stream (a 'readable' listener)"));
    }
  });
}
