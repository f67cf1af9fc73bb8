/**
 * The exact bytes and `Content-Type` an HTTP library will send for a body it already serialized,
 * read through the Fetch body rules (the rules XHR and `fetch` apply): strings as UTF-8, bytes as
 * they are, `Blob` with its type, `FormData` as multipart with a boundary, `URLSearchParams` as a form.
 */
import { SignwireError } from '@signwire/core';

/** A body as bytes, with the `Content-Type` that has to go with them. */
export interface OutgoingBody {
  /** The bytes to send and sign (`undefined`: no body). */
  readonly bytes: Uint8Array<ArrayBuffer> | undefined;
  /**
   * The `Content-Type` the Fetch body rules give the body (a multipart boundary, a Blob's type,
   * `text/plain;charset=UTF-8` for text), or `undefined` when they give none.
   */
  readonly contentType: string | undefined;
  /** Whether the body is multipart: its `Content-Type` must be this one, whatever was set (the boundary). */
  readonly multipart: boolean;
}

const NO_BODY: OutgoingBody = { bytes: undefined, contentType: undefined, multipart: false };

/** A Node stream or a WHATWG stream: bytes that would be produced while sending. */
function isStream(data: object): boolean {
  return typeof (data as { pipe?: unknown }).pipe === 'function' || typeof (data as { getReader?: unknown }).getReader === 'function';
}

function isBodyInit(data: object): data is BodyInit & object {
  return (
    data instanceof ArrayBuffer ||
    ArrayBuffer.isView(data) ||
    (typeof Blob === 'function' && data instanceof Blob) ||
    (typeof FormData === 'function' && data instanceof FormData) ||
    data instanceof URLSearchParams
  );
}

/**
 * Reads a serialized body into bytes.
 *
 * @param data - the body as the library will send it.
 * @param library - the library's name, for the error message.
 * @returns the bytes and their Fetch `Content-Type`.
 * @throws SignwireError BODY_NOT_BUFFERABLE for streams and values that are not a body.
 */
export async function readOutgoingBody(data: unknown, library: string): Promise<OutgoingBody> {
  if (data === undefined || data === null) return NO_BODY;
  if (typeof data === 'object' && isStream(data)) {
    throw new SignwireError(
      'BODY_NOT_BUFFERABLE',
      `${library}: a stream body cannot be signed before it is sent; read it into a Buffer, Uint8Array or string first`,
    );
  }
  if (typeof data !== 'string' && (typeof data !== 'object' || !isBodyInit(data))) {
    const kind = typeof data === 'object' ? (Object.getPrototypeOf(data)?.constructor?.name ?? 'object') : typeof data;
    throw new SignwireError(
      'BODY_NOT_BUFFERABLE',
      `${library}: the request body is a ${kind} after serialization; send a string, bytes, Blob, FormData, URLSearchParams or a JSON value`,
    );
  }
  const request = new Request('https://body.invalid/', { method: 'POST', body: data });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const contentType = request.headers.get('content-type') ?? undefined;
  return { bytes, contentType, multipart: typeof FormData === 'function' && data instanceof FormData };
}
