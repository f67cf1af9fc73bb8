/**
 * The body of a raw HTTP/1.1 request, framed as a server frames it (RFC 9112 §6.3): a decoded
 * `Transfer-Encoding: chunked` body, `Content-Length` bytes, or no body when neither is present; with
 * a note for whatever was ignored. Browser-safe: no `node:` imports.
 */

/** The input is neither a raw HTTP/1.1 request nor a JSON request. */
export class RequestFormatError extends Error {
  override readonly name = 'RequestFormatError';
}

/**
 * Frames the bytes after the head.
 *
 * @param headers - the request's field lines.
 * @param rest - every byte after the empty line that ends the head.
 * @returns the body and notes on what was ignored or missing.
 * @throws RequestFormatError for a malformed chunked body.
 */
export function frameBody(headers: readonly (readonly [string, string])[], rest: Uint8Array): { body: Uint8Array; notes: string[] } {
  const values = (name: string): string[] => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  const encodings = values('transfer-encoding');
  const lengths = values('content-length');
  if (encodings.length > 0 && lengths.length === 0) {
    if (encodings.length === 1 && encodings[0]?.toLowerCase() === 'chunked') return decodeChunked(rest);
    return { body: rest, notes: ['Transfer-Encoding is not exactly "chunked": the rest of the input is taken as the body'] };
  }
  if (lengths.length === 1 && encodings.length === 0 && /^\s*[0-9]{1,15}\s*$/.test(lengths[0] as string)) {
    const length = Number(lengths[0]);
    if (rest.length < length) {
      return { body: rest, notes: [`the input ends ${bytes(length - rest.length)} before the Content-Length of ${length}`] };
    }
    const extra = rest.length - length;
    return {
      body: rest.subarray(0, length),
      notes: extra === 0 ? [] : [`${bytes(extra)} after the body (Content-Length: ${length}) ignored`],
    };
  }
  if (lengths.length > 0 || encodings.length > 0) {
    return { body: rest, notes: ['the framing fields are ambiguous: the rest of the input is taken as the body'] };
  }
  return {
    body: new Uint8Array(0),
    notes:
      rest.length === 0
        ? []
        : [
            `${bytes(rest.length)} after the head ignored: without Content-Length or Transfer-Encoding a request has no body (RFC 9112 §6.3)`,
          ],
  };
}

function decodeChunked(input: Uint8Array): { body: Uint8Array; notes: string[] } {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = input.indexOf(0x0a, at);
    if (lineEnd === -1) throw new RequestFormatError('the chunked body ends without its last chunk (0)');
    const size = /^([0-9a-fA-F]{1,8})(?:;[^\r]*)?\r?$/.exec(latin1(input.subarray(at, lineEnd)));
    if (size === null) throw new RequestFormatError('the chunked body has a malformed chunk-size line');
    const length = Number.parseInt(size[1] as string, 16);
    at = lineEnd + 1;
    if (length === 0) break;
    if (at + length > input.length) throw new RequestFormatError('a chunk is longer than the rest of the input');
    chunks.push(input.subarray(at, at + length));
    at += length;
    if (input[at] === 0x0d) at++;
    if (input[at] !== 0x0a) throw new RequestFormatError('a chunk is not followed by a line break');
    at++;
  }
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { body, notes: [] };
}

/** `1 byte`, `2 bytes`. */
function bytes(count: number): string {
  return `${count} byte${count === 1 ? '' : 's'}`;
}

/**
 * Bytes as text, one character per byte (how HTTP/1.1 field values are read).
 *
 * @param input - the bytes.
 * @returns the text.
 */
export function latin1(input: Uint8Array): string {
  let text = '';
  for (const byte of input) text += String.fromCharCode(byte);
  return text;
}
