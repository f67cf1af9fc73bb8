// Content-coded request bodies through every adapter, over real HTTP (docs/spec.md §6, §9 step 8;
// docs/server.md "Compressed bodies"). The server verifies the bytes as sent (the digest is over the
// coded bytes) and never decodes them: a body it would hand over parsed (JSON, a urlencoded form)
// with a content coding is refused with CONTENT_ENCODING_UNSUPPORTED (415), the same in every
// adapter; any other coded body is handed over as the verified bytes. A coding added in transit is
// refused by the verifier (COMPONENT_MISSING).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { SECRET, sign } from '../helpers.js';
import { ADAPTERS, type Running, type Summary, SwitchableVerifier, startServer } from './servers.js';

const created = (): number => Math.floor(Date.now() / 1000);
const GZIP_JSON = new Uint8Array(gzipSync('{"qty":2}'));

describe.each(ADAPTERS)('%s adapter: content-coded bodies', (adapter) => {
  const verifier = new SwitchableVerifier();
  let server: Running;
  let base: string;

  beforeAll(async () => {
    server = await startServer(adapter, verifier);
    base = `http://127.0.0.1:${server.port}`;
    verifier.current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: base });
  });
  afterAll(() => server.close());

  async function send(headers: [string, string][], body: Uint8Array, inTransit: [string, string][] = []) {
    const parts = sign({ created: created(), url: `${base}/uploads`, headers, body });
    const response = await fetch(parts.url, { method: 'POST', headers: [...parts.headers, ...inTransit], body: parts.body });
    return { status: response.status, json: (await response.json()) as Summary & { error?: { code: string; message: string } } };
  }

  it('a signed gzip JSON body: 415 CONTENT_ENCODING_UNSUPPORTED, the handler never runs', async () => {
    const { status, json } = await send(
      [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
      ],
      GZIP_JSON,
    );
    expect(status).toBe(415);
    expect(json.error?.code).toBe('CONTENT_ENCODING_UNSUPPORTED');
    expect(json.error?.message).toContain('Content-Encoding');
  });

  it('a signed gzip urlencoded form: 415 CONTENT_ENCODING_UNSUPPORTED', async () => {
    const { status, json } = await send(
      [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['content-encoding', 'gzip'],
      ],
      new Uint8Array(gzipSync('a=1&b=2')),
    );
    expect(status).toBe(415);
    expect(json.error?.code).toBe('CONTENT_ENCODING_UNSUPPORTED');
  });

  it('a signed gzip octet-stream body: accepted, the verified bytes are the gzip bytes as sent', async () => {
    const { status, json } = await send(
      [
        ['content-type', 'application/octet-stream'],
        ['content-encoding', 'gzip'],
      ],
      GZIP_JSON,
    );
    expect(status).toBe(200);
    expect(json.covered).toEqual([
      '"@method"',
      '"@authority"',
      '"@path"',
      '"@query"',
      '"content-type"',
      '"content-encoding"',
      '"content-digest"',
    ]);
    expect(json.bodyBase64).toBe(Buffer.from(GZIP_JSON).toString('base64'));
  });

  it('Content-Encoding: identity is no coding: the JSON is parsed as usual', async () => {
    const { status, json } = await send(
      [
        ['content-type', 'application/json'],
        ['content-encoding', 'identity'],
      ],
      new TextEncoder().encode('{"qty":2}'),
    );
    expect(status).toBe(200);
    expect(json.appBody).toEqual({ qty: 2 });
  });

  it('Content-Encoding added in transit to a signed upload: 401 COMPONENT_MISSING', async () => {
    const { status, json } = await send([['content-type', 'application/octet-stream']], GZIP_JSON, [['content-encoding', 'gzip']]);
    expect(status).toBe(401);
    expect(json.error?.code).toBe('COMPONENT_MISSING');
  });
});
