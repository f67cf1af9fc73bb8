/**
 * What every body read shares: its errors, and how chunks become the body's bytes.
 */
import { ConfigurationError, VerificationError } from '@signwire/core';

/** The body did not arrive in time: a client that trickles it would hold the request open. */
export function timedOut(timeoutMs: number): VerificationError {
  return new VerificationError(
    'BODY_TIMEOUT',
    `the request body did not arrive within ${timeoutMs} ms (the client sent it too slowly, or stopped sending)`,
  );
}

/** The body passed the size limit. */
export function tooLarge(limit: number): VerificationError {
  return new VerificationError('BODY_TOO_LARGE', `the body is larger than ${limit} bytes`);
}

/** The stream failed or closed before its end: the client went away or the connection broke. */
export function incomplete(cause?: unknown): VerificationError {
  return new VerificationError('BODY_INCOMPLETE', 'the request body ended before it was complete (the connection closed or failed)', {
    cause,
  });
}

/** A chunk as bytes; a stream that yields text was set up wrong. */
export function asChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new ConfigurationError('CONFIGURATION_INVALID', 'the body stream yields text, not bytes (was an encoding set on it?)');
}

/** The chunks as one array (the chunk itself when there is one). */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
