// Every "kind": "verify" vector through every adapter, over a real socket (raw HTTP/1.1 bytes so
// framing headers and the request target arrive exactly as written).
//
// A few vectors describe messages that cannot exist on an HTTP/1.1 connection: Node's parser
// refuses them (both Content-Length and Transfer-Encoding, a bare LF in a field, a lower-case
// method) with its own 400 before any application code, or the connection simply waits for the
// declared Content-Length; a Fetch server (Hono on @hono/node-server) drops a GET body; and Node
// refuses the lower-case `patch` that fetch sends as given. For an expected rejection, that transport-level refusal is accepted
// and listed; an expected success must come back verified (the lower-case method aside, and on
// Fastify a JSON body with a prototype member that the verifier was told to allow: Fastify's own JSON
// parser then refuses it, docs/adapters/fastify.md). A valid vector with a coded JSON or form body is
// answered 415 CONTENT_ENCODING_UNSUPPORTED: servers do not parse coded bytes (docs/server.md).
import { ERROR_CODES, type SignwireErrorCode } from '@signwire/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { bodyOf, loadVerifyCases, optionsFor, servedAsCodedParsedBody, splitVectorUrl, type VerifyCase } from '../vector-cases.js';
import { sendRaw } from './raw-http.js';
import { ADAPTERS, type Running, type Summary, SwitchableVerifier, startServer } from './servers.js';

const cases = loadVerifyCases();

function isOurError(text: string): { code: string } | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? { code: parsed.error.code } : undefined;
  } catch {
    return undefined;
  }
}

describe.each(ADAPTERS)('verification vectors over a socket: %s', (adapter) => {
  const verifier = new SwitchableVerifier();
  const refusedByTransport: string[] = [];
  let server: Running;

  beforeAll(async () => {
    server = await startServer(adapter, verifier);
  });
  afterAll(async () => {
    await server.close();
    if (refusedByTransport.length > 0)
      console.info(`${adapter}: refused by the HTTP transport before the adapter: ${refusedByTransport.join(', ')}`);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c: VerifyCase) => {
    const options = await optionsFor(c);
    if (c.expected.valid === false && c.expected.error === 'KEY_INVALID') {
      // spec §9 step 9 (D9): a ring with an invalid secret is refused when it is configured.
      expect(() => createVerifier(options)).toThrowError(expect.objectContaining({ code: 'KEY_INVALID' }));
      return;
    }
    verifier.current = createVerifier(options);
    const { target, authority } = splitVectorUrl(c.request.url);
    const mismatch = c.expected.valid === false && c.expected.error === 'CONTENT_LENGTH_MISMATCH';
    const response = await sendRaw(
      server.port,
      { method: c.request.method, target, headers: c.request.headers, authority, body: bodyOf(c) },
      mismatch ? 800 : 3000,
    );
    if (c.expected.valid && !/^[A-Z]+$/.test(c.request.method)) {
      // Fetch sends `patch` as given, but Node's HTTP parser accepts upper-case methods only.
      expect(response.status).toBe(400);
      refusedByTransport.push(c.id);
      return;
    }
    if (c.expected.valid && adapter === 'fastify' && c.policy?.allow_json_prototype_members === true) {
      expect(response.status).toBe(400);
      expect((JSON.parse(response.text) as { code?: string }).code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
      refusedByTransport.push(c.id);
      return;
    }
    if (servedAsCodedParsedBody(c)) {
      // The profile accepts it; a server does not hand over coded JSON or form bytes parsed.
      expect(response.status, response.text).toBe(415);
      expect(isOurError(response.text)?.code).toBe('CONTENT_ENCODING_UNSUPPORTED');
      return;
    }
    if (
      c.expected.valid &&
      (adapter === 'hono' || adapter === 'fetch') &&
      /[A-Z]/.test(authority) &&
      response.status === 400 &&
      response.text === ''
    ) {
      // @hono/node-server (Hono's and the fetch adapter's transport) answers an upper-case Host with its own empty 400; the vector is about the
      // configured origin (spec §4.2, D11), which the Fetch-level test (vectors.test.ts) verifies.
      refusedByTransport.push(c.id);
      return;
    }
    if (c.expected.valid) {
      expect(response.status, response.text).toBe(200);
      const summary = JSON.parse(response.text) as Summary;
      expect(summary.keyId).toBe(c.expected.keyid);
      expect(summary.nonce).toBe(c.expected.nonce);
      expect(summary.covered).toEqual(c.expected.covered);
      expect(summary.signatureBase).toBe(c.expected.signature_base);
      expect(summary.bodyBase64).toBe(c.request.body_base64 ?? '');
      return;
    }
    const ours = isOurError(response.text);
    if (ours === undefined) {
      // Not our answer: only a transport refusal (parser 400, or no answer at all) is acceptable.
      expect([0, 400], `${response.status} ${response.text}`).toContain(response.status);
      refusedByTransport.push(c.id);
      return;
    }
    const fetchDropsBody =
      (adapter === 'hono' || adapter === 'fetch') && ['GET', 'HEAD'].includes(c.request.method) && bodyOf(c).length > 0;
    if (fetchDropsBody && ours.code === 'CONTENT_LENGTH_MISMATCH') {
      // A Fetch Request cannot carry a GET body: the server drops it, and the declared length no longer matches.
      refusedByTransport.push(c.id);
      return;
    }
    expect(ours.code).toBe(c.expected.error);
    expect(response.status).toBe(ERROR_CODES[c.expected.error as SignwireErrorCode]);
  });
});
