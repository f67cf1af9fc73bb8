// Runs inside headless Chromium: the built @signwire/client (bundled by esbuild) signs fetch calls
// with several body types to the test's Node server, which verifies each one and answers its verdict.
import { createSignedFetch, createSigner, extraComponents, jsonBody } from '@signwire/client';

interface Verdict {
  readonly name: string;
  readonly status: number;
  readonly result: unknown;
}

async function run(secretBase64: string): Promise<Verdict[]> {
  const signer = createSigner({
    keyId: 'browser-1',
    secret: { base64: secretBase64 },
    components: extraComponents(['x-request-id']),
    expiresInSeconds: 60,
  });
  const signedFetch = createSignedFetch(signer);
  const form = new FormData();
  form.set('name', 'Ada Lovelace');
  form.set('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/octet-stream' }), 'bytes.bin');
  const cases: [string, (url: string, headers: Record<string, string>) => Promise<Response>][] = [
    ['get', (url, headers) => signedFetch(url, { headers })],
    ['string', (url, headers) => signedFetch(url, { method: 'POST', headers, body: 'hello wörld' })],
    [
      'json-body',
      (url, headers) =>
        signedFetch(url, {
          method: 'POST',
          body: jsonBody({ b: [1.0, 1e21], a: 'é' }).body,
          headers: { ...headers, 'content-type': 'application/json' },
        }),
    ],
    ['json-method', (url, headers) => signedFetch.json(url, { z: 1, a: { d: 2, c: 3 } }, { method: 'PUT', headers })],
    ['uint8array', (url, headers) => signedFetch(url, { method: 'POST', headers, body: new Uint8Array([0, 128, 255, 10, 13]) })],
    ['arraybuffer', (url, headers) => signedFetch(url, { method: 'POST', headers, body: new Uint8Array([7, 8, 9]).buffer })],
    ['blob', (url, headers) => signedFetch(url, { method: 'POST', headers, body: new Blob(['<a>b</a>'], { type: 'application/xml' }) })],
    ['urlsearchparams', (url, headers) => signedFetch(url, { method: 'POST', headers, body: new URLSearchParams({ q: 'a b', r: 'ä&=' }) })],
    ['formdata', (url, headers) => signedFetch(url, { method: 'POST', headers, body: form })],
    ['request-object', (url, headers) => signedFetch(new Request(url, { method: 'PATCH', headers, body: 'from a Request' }))],
  ];
  const verdicts: Verdict[] = [];
  for (const [name, send] of cases) {
    // A relative URL: resolved against the page's origin (location).
    const response = await send(`/verify/${name}?case=${name}`, { 'x-request-id': `req-${name}` });
    verdicts.push({ name, status: response.status, result: await response.json() });
  }
  return verdicts;
}

(globalThis as { runSignwire?: typeof run }).runSignwire = run;
