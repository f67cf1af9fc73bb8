// Rejection bodies echo client text (a component name such as `<img src=x onerror=…>`): every
// rejection, from every adapter and from the Fetch helpers, is JSON that a browser must not sniff as
// HTML and no cache may keep.
import { afterEach, describe, expect, it } from 'vitest';
import { errorResponse } from '../../src/error-response.js';
import { createVerifier, REJECTION_HEADERS, VerificationError, type Verifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';
import { sendRaw } from './raw-http.js';
import { ADAPTERS, type Running, startServer } from './servers.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function verifier(options: { signResponses?: boolean } = {}): Verifier {
  return createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, log: false, ...options });
}

/** A request whose covered list names a "component" made of HTML: the message echoes it. */
function hostileHeaders(): [string, string][] {
  return [
    [
      'signature-input',
      `sig1=("@method" "${HOSTILE}");created=${NOW};keyid="client-1";alg="hmac-sha256";tag="signwire-v1";nonce="AAECAwQFBgcICQoLDA0ODw"`,
    ],
    ['signature', 'sig1=:AAAA:'],
  ];
}

function expectRejectionHeaders(headers: { get(name: string): string | null } | Record<string, string>): void {
  const get = (name: string): string | null | undefined =>
    typeof headers.get === 'function'
      ? (headers as { get(name: string): string | null }).get(name)
      : (headers as Record<string, string>)[name];
  expect(get('x-content-type-options')).toBe('nosniff');
  expect(get('cache-control')).toBe('no-store');
  expect(get('content-type')).toBe('application/json; charset=utf-8');
}

describe.each(ADAPTERS)('%s adapter rejections', (adapter) => {
  async function started(): Promise<Running> {
    const server = await startServer(adapter, verifier());
    closers.push(() => server.close());
    return server;
  }

  it('carry nosniff and no-store when the message echoes client text', async () => {
    const { port } = await started();
    const response = await sendRaw(port, {
      method: 'GET',
      target: '/x',
      headers: hostileHeaders(),
      authority: 'api.example.com',
      body: new Uint8Array(0),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ error: { code: 'COMPONENT_INVALID', message: expect.stringContaining(HOSTILE) } });
    expectRejectionHeaders(response.headers);
  });

  it('carry nosniff and no-store on a rejection that closes the connection (BODY_TOO_LARGE)', async () => {
    const { port } = await started();
    const { headers, body } = sign({ body: 'x'.repeat(2 * 1024 * 1024), headers: [['content-type', 'text/plain']] });
    const response = await sendRaw(port, {
      method: 'POST',
      target: '/v1/orders?dry_run=1',
      headers,
      authority: 'api.example.com',
      body: body ?? new Uint8Array(0),
    });
    expect(response.status).toBe(413);
    expectRejectionHeaders(response.headers);
  });
});

describe('Fetch rejection responses', () => {
  it('errorResponse() carries nosniff and no-store', () => {
    expectRejectionHeaders(errorResponse(new VerificationError('COMPONENT_INVALID', HOSTILE)).headers);
  });

  it('verifier.errorResponse() carries them', async () => {
    const checking = verifier();
    const error = await checking.verify(new Request(`${ORIGIN}/x`, { headers: hostileHeaders() })).then(
      () => undefined,
      (caught: unknown) => caught as VerificationError,
    );
    expect(error?.code).toBe('COMPONENT_INVALID');
    expectRejectionHeaders(checking.errorResponse(error as VerificationError).headers);
  });

  it('verifier.errorResponse() carries them on a signed time rejection', async () => {
    const checking = verifier({ signResponses: true });
    const parts = sign({ created: NOW - 1000 });
    const request = new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
    const error = await checking.verify(request).then(
      () => undefined,
      (caught: unknown) => caught as VerificationError,
    );
    expect(error?.code).toBe('SIGNATURE_EXPIRED');
    const response = checking.errorResponse(error as VerificationError);
    expect(response.headers.get('signature')).toMatch(/^sig1=:/);
    expectRejectionHeaders(response.headers);
  });

  it('REJECTION_HEADERS is what the adapters send', () => {
    expect(REJECTION_HEADERS).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
});
