/**
 * Opt-in buffering of `ReadableStream` request bodies, so that they can be signed. The code that reads
 * a stream comes with {@link streamBodies}: an application that sends no streams does not ship it.
 */
import { readStream } from './request-body.js';

/** How a signed `fetch` buffers `ReadableStream` bodies. Create it with {@link streamBodies}. */
export interface StreamBodies {
  /** The longest stream accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * Reads a stream into bytes, refusing one longer than {@link StreamBodies.maxBytes} (the stream is
   * then cancelled).
   *
   * @param stream - a stream of `Uint8Array` chunks.
   * @returns the bytes.
   * @throws SignwireError BODY_NOT_BUFFERABLE when the stream is locked, yields non-bytes, fails or is too long.
   */
  read(stream: ReadableStream<unknown>): Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Lets a signed `fetch` buffer `ReadableStream` bodies up to `maxBytes`, to sign and send them as
 * bytes (no `duplex` needed). Without it a stream body is BODY_NOT_BUFFERABLE.
 *
 * @example
 * ```ts
 * const signedFetch = createSignedFetch(signer, { streams: streamBodies(1_048_576) });
 * ```
 * @param maxBytes - the longest stream accepted, a non-negative whole number of bytes (checked by
 * `createSignedFetch`: CONFIGURATION_INVALID).
 * @returns the option value for `createSignedFetch(signer, { streams })`.
 */
export function streamBodies(maxBytes: number): StreamBodies {
  return Object.freeze({ maxBytes, read: (stream: ReadableStream<unknown>) => readStream(stream, maxBytes) });
}
