// A raw HTTP/1.1 client over node:net, so framing headers (Content-Length, Transfer-Encoding) and
// the request target are sent exactly as the vector says (fetch would rewrite or refuse them).
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  target: string;
  /** Field lines in order; `Host` is added from `authority` when absent. */
  headers: [string, string][];
  authority: string;
  body: Uint8Array;
}

export interface RawResponse {
  /** 0 when the server closed or kept waiting without answering. */
  status: number;
  headers: Record<string, string>;
  text: string;
}

function encode(request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  const names = request.headers.map(([n]) => n.toLowerCase());
  if (!names.includes('host')) lines.push(`Host: ${request.authority}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const chunked = request.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && v.trim().toLowerCase() === 'chunked');
  if (request.body.length > 0 && !names.includes('content-length') && !names.includes('transfer-encoding')) {
    lines.push(`Content-Length: ${request.body.length}`);
  }
  lines.push('Connection: close', '', '');
  const head = Buffer.from(lines.join('\r\n'), 'utf8');
  if (!chunked) return Buffer.concat([head, request.body]);
  const size = request.body.length === 0 ? [] : [Buffer.from(`${request.body.length.toString(16)}\r\n`), request.body, Buffer.from('\r\n')];
  return Buffer.concat([head, ...size, Buffer.from('0\r\n\r\n')]);
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const end = body.indexOf('\r\n', offset);
    if (end < 0) break;
    const size = Number.parseInt(body.subarray(offset, end).toString('latin1'), 16);
    if (!(size > 0)) break;
    out.push(body.subarray(end + 2, end + 2 + size));
    offset = end + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function parse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, text: '' };
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(body);
  return { status: Number((statusLine ?? '').split(' ')[1]), headers, text: body.toString('utf8') };
}

/**
 * Sends one request on a fresh connection and reads the response until the server closes.
 *
 * @param port - the server's port on 127.0.0.1.
 * @param request - the request.
 * @param waitMs - how long to wait for an answer.
 */
export function sendRaw(port: number, request: RawRequest, waitMs = 3000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(encode(request));
  });
}
