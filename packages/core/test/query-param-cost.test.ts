// A signature base parses the query once, however many "@query-param" components it covers
// (docs/security.md, CPU exhaustion). A forged request with a known key id (key ids travel in clear),
// a wrong MAC, 28 covered "@query-param" and a 14 KB query made the verifier decode and re-encode the
// whole query 28 times before it could compare the MAC. The work is counted, not timed: the bytes
// that go through the UTF-8 check (`TextDecoder#decode`), which docs/spec.md §5.3 requires of every
// parameter of the query whichever is selected. Time is measured by `node bench/forged-query.mjs`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ComponentIdentifier, importSecret, signRequest, verifyRequestSignature, verifyResponseSignature } from '../src/index.js';
import { createSignatureBase, splitTargetUrl } from '../src/internal.js';

const KEY = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const NOW = 1_700_000_000;
const NONCE = 'AAECAwQFBgcICQoLDA0ODw';
const ZERO_MAC = `:${'A'.repeat(43)}=:`;
const NAMES = Array.from({ length: 28 }, (_, i) => `p${i}`);
/** Parameters whose name and value are percent-encoded UTF-8: each one decodes to 2 + 2 bytes. */
const PAD_PARAMETERS = 1_000;
const QUERY = `${NAMES.map((name) => `${name}=1`).join('&')}&${'%C3%A9=%C3%A9&'.repeat(PAD_PARAMETERS)}`;
const URL_WITH_QUERY = `https://api.example.com/v1/search?${QUERY}`;

const queryParam = (name: string, req = ''): string => `"@query-param"${req};name="${name}"`;

/** The bytes given to `TextDecoder#decode` (the UTF-8 check) while `run` runs. */
function bytesDecoded(run: () => unknown): number {
  const decode = vi.spyOn(TextDecoder.prototype, 'decode');
  try {
    run();
    return decode.mock.calls.reduce((sum, [input]) => sum + (ArrayBuffer.isView(input) ? input.byteLength : 0), 0);
  } finally {
    decode.mockRestore();
  }
}

/** The code of the error `run` throws, or `undefined`. */
function codeOf(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

afterEach(() => vi.restoreAllMocks());

/** A forged request: the given covered list, the known key id, a current `created`, a wrong MAC. */
function verifyForged(names: readonly string[]): unknown {
  const covered = ['"@method"', '"@authority"', '"@path"', '"@query"', ...names.map((name) => queryParam(name))].join(' ');
  const params = `created=${NOW};nonce="${NONCE}";keyid="client-1";alg="hmac-sha256";tag="signwire-v1"`;
  const headers = { 'signature-input': `sig1=(${covered});${params}`, signature: `sig1=${ZERO_MAC}` };
  return codeOf(() =>
    verifyRequestSignature({ request: { method: 'GET', url: URL_WITH_QUERY, headers }, now: NOW, lookupKey: () => ({ key: KEY }) }),
  );
}

/** A response that covers `names` of the request it answers, with a wrong MAC, verified by the client. */
function verifyHostileResponse(names: readonly string[]): unknown {
  const request = signRequest({ request: { method: 'GET', url: URL_WITH_QUERY }, key: KEY, keyId: 'client-1', created: NOW, nonce: NONCE });
  const binding = '"@method";req "@authority";req "@path";req "@query";req "signature";key="sig1";req';
  const covered = `"@status" ${binding} ${names.map((name) => queryParam(name, ';req')).join(' ')}`;
  const response = {
    status: 200,
    headers: [
      ['signature-input', `sig1=(${covered});created=${NOW};keyid="client-1";alg="hmac-sha256";tag="signwire-v1-response"`],
      ['signature', `sig1=${ZERO_MAC}`],
    ] as [string, string][],
  };
  const sent = { method: request.method, url: request.url, headers: request.headers };
  return codeOf(() => verifyResponseSignature({ request: sent, key: KEY, keyId: 'client-1', response }));
}

const components = (names: readonly string[]): ComponentIdentifier[] => names.map((name) => ({ name: '@query-param', params: { name } }));

function baseOf(names: readonly string[]): unknown {
  const source = { method: 'GET', target: splitTargetUrl(URL_WITH_QUERY), fields: [] };
  return codeOf(() => createSignatureBase(components(names), source, '()'));
}

function sign(names: readonly string[]): unknown {
  const request = { method: 'GET', url: URL_WITH_QUERY };
  return codeOf(() => signRequest({ request, key: KEY, keyId: 'client-1', created: NOW, nonce: NONCE, components: components(names) }));
}

describe('a signature base decodes the query once, however many @query-param it covers', () => {
  // Each case derives `count` covered "@query-param" of a 14 KB query; the decoded bytes must not
  // grow with the count (the old code decoded the whole query once per component: 28×).
  it.each([
    ['the verifier (a forged request: known keyid, wrong MAC)', 28, verifyForged, 'SIGNATURE_INVALID'],
    ['createSignatureBase', 28, baseOf, undefined],
    ['the signer (signRequest)', 28, sign, undefined],
    ['the client verifying a response (;req components, wrong MAC)', 26, verifyHostileResponse, 'SIGNATURE_INVALID'],
  ] as const)('%s', (_what, count, run, code) => {
    const names = NAMES.slice(0, count);
    expect(run(names)).toBe(code);
    const one = bytesDecoded(() => run(names.slice(0, 1)));
    const all = bytesDecoded(() => run(names));
    expect(one).toBeGreaterThanOrEqual(4 * PAD_PARAMETERS); // the count sees the parse
    expect(all).toBeLessThan(2 * one);
  });
});
