// A raw TCP HTTP/1.1 client: writes exact bytes (no client library normalizes them) and parses
// whatever responses come back. Every exchange ends by itself: on close, on enough responses, on
// idle, or at a hard deadline.
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Exchange {
  readonly responses: RawResponse[];
  readonly closed: boolean;
}

/** Parses complete responses from the front of `data`; returns them and how many bytes they used. */
export function parseResponses(data: Buffer, closed: boolean): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) break;
    const head = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number((head[0] ?? '').split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let cursor = end + 4;
    let body: Buffer;
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (data.length < cursor + length) break;
      body = data.subarray(cursor, cursor + length);
      cursor += length;
    } else if ((headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let complete = false;
      for (let chunks = 0; chunks < 10_000; chunks++) {
        const lineEnd = data.indexOf('\r\n', cursor);
        if (lineEnd < 0) break;
        const size = Number.parseInt(data.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size) || data.length < lineEnd + 2 + size + 2) break;
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
        if (size === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      body = Buffer.concat(parts);
    } else if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
    } else {
      if (!closed) break;
      body = data.subarray(cursor);
      cursor = data.length;
    }
    responses.push({ status, headers, body: body.toString('utf8') });
    offset = cursor;
  }
  return responses;
}

/**
 * Sends `payload` over a fresh connection and collects the responses.
 *
 * @param port - loopback port.
 * @param payload - the exact bytes.
 * @param options - `expect`: stop after this many responses; `idleMs`: stop after this long without data.
 */
export function exchange(
  port: number,
  payload: Buffer | string,
  options: { expect?: number; idleMs?: number; maxMs?: number } = {},
): Promise<Exchange> {
  const { expect = Number.POSITIVE_INFINITY, idleMs = 400, maxMs = 4000 } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    let done = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ responses: parseResponses(Buffer.concat(chunks), closed), closed });
    };
    let idle = setTimeout(finish, idleMs + 1000);
    const deadline = setTimeout(finish, maxMs);
    socket.on('connect', () => socket.write(typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
      if (parseResponses(Buffer.concat(chunks), false).length >= expect) finish();
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', () => {
      closed = true;
      finish();
    });
  });
}
