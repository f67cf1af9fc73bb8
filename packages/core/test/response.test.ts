// Signed responses: bound to the request they answer, and rejected when anything changes.
import { describe, expect, it } from 'vitest';
import { canonicalJson, importSecret, signRequest, signResponse, verifyResponseSignature } from '../src/index.js';
import { utf8 } from '../src/internal.js';

const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const other = importSecret({ hex: 'ff'.repeat(32) });

function sentRequest(nonce = 'AAECAwQFBgcICQoLDA0ODw') {
  const signed = signRequest({
    request: {
      method: 'POST',
      url: 'https://api.example.com/v1/orders?dry_run=1',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    },
    key,
    keyId: 'client-1',
    created: 1_700_000_000,
    nonce,
  });
  return { method: signed.method, url: signed.url, headers: { 'content-type': 'application/json', ...signed.headers } };
}

function signedResponse(request = sentRequest(), status = 201, body = canonicalJson({ id: 7 })) {
  const signed = signResponse({
    response: { status, headers: { 'content-type': 'application/json' }, body },
    request,
    key,
    keyId: 'client-1',
    created: 1_700_000_600,
  });
  return {
    status,
    headers: [['content-type', 'application/json'], ...Object.entries(signed.headers)] as [string, string][],
    body: utf8(body),
  };
}

function code(run: () => unknown): string {
  try {
    run();
    return 'OK';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('signResponse → verifyResponseSignature', () => {
  const request = sentRequest();

  it('covers status, body and the request, and reports the server time', () => {
    const response = signedResponse(request);
    const verified = verifyResponseSignature({ response, request, key, keyId: 'client-1' });
    expect(verified.created).toBe(1_700_000_600);
    expect(verified.covered).toEqual([
      '"@status"',
      '"content-type"',
      '"content-digest"',
      '"@method";req',
      '"@authority";req',
      '"@path";req',
      '"@query";req',
      '"signature";key="sig1";req',
    ]);
    expect(verified.signatureBase).toContain('"signature";key="sig1";req: :');
  });

  const cases: [string, () => unknown, string][] = [
    [
      'status changed',
      () => verifyResponseSignature({ response: { ...signedResponse(request), status: 200 }, request, key, keyId: 'client-1' }),
      'SIGNATURE_INVALID',
    ],
    [
      'body changed',
      () => verifyResponseSignature({ response: { ...signedResponse(request), body: utf8('{"id":8}') }, request, key, keyId: 'client-1' }),
      'DIGEST_MISMATCH',
    ],
    [
      'replayed onto another request',
      () =>
        verifyResponseSignature({
          response: signedResponse(request),
          request: sentRequest('BBECAwQFBgcICQoLDA0ODw'),
          key,
          keyId: 'client-1',
        }),
      'SIGNATURE_INVALID',
    ],
    [
      'another key',
      () => verifyResponseSignature({ response: signedResponse(request), request, key: other, keyId: 'client-1' }),
      'SIGNATURE_INVALID',
    ],
    [
      'another key id',
      () => verifyResponseSignature({ response: signedResponse(request), request, key, keyId: 'client-2' }),
      'KEY_UNKNOWN',
    ],
    [
      'unsigned',
      () => verifyResponseSignature({ response: { status: 200, headers: [], body: utf8('') }, request, key, keyId: 'client-1' }),
      'SIGNATURE_MISSING',
    ],
    [
      'a request signature presented as a response signature',
      () =>
        verifyResponseSignature({ response: { status: 200, headers: Object.entries(request.headers) }, request, key, keyId: 'client-1' }),
      'COMPONENT_UNSUPPORTED',
    ],
    [
      'the request tag on a response signature',
      () => {
        const response = signedResponse(request);
        response.headers = response.headers.map(([n, v]) => [n, v.replace('tag="signwire-v1-response"', 'tag="signwire-v1"')]);
        return verifyResponseSignature({ response, request, key, keyId: 'client-1' });
      },
      'TAG_UNSUPPORTED',
    ],
    [
      'the request binding removed',
      () => {
        const response = signedResponse(request);
        response.headers = response.headers.map(([n, v]) => [n, v.replace(' "signature";key="sig1";req', '')]);
        return verifyResponseSignature({ response, request, key, keyId: 'client-1' });
      },
      'COMPONENT_MISSING',
    ],
    [
      '@method without req in a response',
      () => {
        const response = signedResponse(request);
        response.headers = response.headers.map(([n, v]) => [n, v.replace('"@method";req', '"@method"')]);
        return verifyResponseSignature({ response, request, key, keyId: 'client-1' });
      },
      'COMPONENT_UNSUPPORTED',
    ],
  ];
  it.each(cases)('%s → %s', (_name, run, expected) => expect(code(run)).toBe(expected));

  it('refuses to sign an invalid status or pre-set signature fields', () => {
    const input = { request, key, keyId: 'client-1', created: 1_700_000_600 };
    expect(code(() => signResponse({ ...input, response: { status: 99 } }))).toBe('CONFIGURATION_INVALID');
    expect(code(() => signResponse({ ...input, response: { status: 200, headers: { signature: 'x=:AA==:' } } }))).toBe('HEADER_FORBIDDEN');
  });
});
