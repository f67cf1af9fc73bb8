// The server's default response signing (docs/spec.md §15.1) covers Location and Content-Encoding
// when the response has them, so a client can tell them verified; other fields only when the
// application names them (signResponses.components).
import { describe, expect, it } from 'vitest';
import { createVerifier, type VerifierOptions } from '../src/index.js';
import { signFetchResponse } from '../src/response-signing.js';
import { NOW, ORIGIN, SECRET, signedRequest } from './helpers.js';

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW + 5, signResponses: true };

async function signerFor(options: VerifierOptions = base) {
  const verifier = createVerifier(options);
  const sign = verifier.responseSigner(await verifier.verify(signedRequest({ body: '{"a":1}' })));
  if (sign === undefined) throw new Error('no response signer');
  return sign;
}

const coveredOf = (signatureInput: string | null): string => /\((.*)\)/.exec(signatureInput ?? '')?.[1] ?? '';

describe('default response coverage', () => {
  it('a 201 with Location: "@status" "location" "content-type" "content-digest", then the request binding', async () => {
    const response = new Response('{"id":7}', { status: 201, headers: { location: '/v1/orders/7', 'content-type': 'application/json' } });
    const signed = await signFetchResponse(await signerFor(), response, { bufferStreams: false, maxBodyBytes: 1024, components: [] });
    expect(coveredOf(signed.headers.get('signature-input'))).toBe(
      '"@status" "location" "content-type" "content-digest" "@method";req "@authority";req "@path";req "@query";req "signature";key="sig1";req',
    );
  });

  it('a gzip body the application compressed: "content-encoding" covered, the digest over the gzip bytes', async () => {
    const gzip = new Uint8Array(
      await new Response(new Blob(['{"id":7}']).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    const parts = (await signerFor())({
      status: 200,
      headers: [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
      ],
      body: gzip,
    });
    expect(coveredOf(parts['signature-input'])).toMatch(/^"@status" "content-type" "content-encoding" "content-digest" /);
  });

  it('Set-Cookie and Cache-Control only when named (signResponses.components)', async () => {
    const headers: [string, string][] = [
      ['set-cookie', 'sid=1'],
      ['cache-control', 'no-store'],
    ];
    expect(coveredOf((await signerFor())({ status: 204, headers })['signature-input'])).not.toMatch(/set-cookie|cache-control/);
    const naming = await signerFor({ ...base, signResponses: { components: ['set-cookie', 'cache-control'] } });
    expect(coveredOf(naming({ status: 204, headers })['signature-input'])).toMatch(/"set-cookie" "cache-control"$/);
  });
});
