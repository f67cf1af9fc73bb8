// docs/client.md — the client guide's examples.
import { createSignedFetch, createSigner, extraComponents, isSignwireError, jsonBody, nobleHashes } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';
import { verifySignedResponses } from '@signwire/client/responses';
import { fixedClock, sequentialNonces } from '@signwire/client/testing';

/** Quick start: a browser app with short-lived per-user keys from its backend (docs/keys.md). */
export async function browserQuickStart(form: HTMLFormElement): Promise<void> {
  const signer = createSigner({ credentials: credentialsFrom('/session/signing-key'), components: extraComponents(['x-request-id']) });
  const signedFetch = createSignedFetch(signer);
  await signedFetch('/api/orders', { method: 'POST', headers: { 'x-request-id': crypto.randomUUID() }, body: new FormData(form) });
  await signedFetch.json('/api/orders', { item: 'book', qty: 1 }, { headers: { 'x-request-id': crypto.randomUUID() } });
}

/** Quick start: a Node script. */
export async function nodeScript(): Promise<Response> {
  const signer = createSigner({ keyId: 'batch-job-1', secret: { base64: process.env.SIGNWIRE_SECRET! } });
  const signedFetch = createSignedFetch(signer); // uses globalThis.fetch
  return signedFetch('https://api.example.com/v1/reports?day=2024-05-01'); // absolute URLs in Node
}

/** Without fetch: signSync returns the headers to add, for any HTTP client that sends exactly this body. */
export function anyHttpClient(secret: Uint8Array): Record<string, string> {
  const signer = createSigner({ keyId: 'client-1', secret, hashes: nobleHashes }); // synchronous hashes for signSync
  const body = JSON.stringify({ item: 'book' });
  const headers = { 'content-type': 'application/json' };
  const signature = signer.signSync({ method: 'POST', url: 'https://api.example.com/v1/orders', headers, body });
  return { ...headers, ...signature }; // send these headers and exactly `body`
}

/** jsonBody replaces init.headers when spread; merge when you need more headers. */
export async function jsonBodyWithHeaders(secret: Uint8Array, id: string): Promise<Response> {
  const signedFetch = createSignedFetch(createSigner({ keyId: 'client-1', secret }));
  const json = jsonBody({ item: 'book', qty: 1 });
  return signedFetch('https://api.example.com/v1/orders', {
    method: 'POST',
    body: json.body,
    headers: { ...json.headers, 'x-request-id': id },
  });
}

/** Errors: every failure is a SignwireError with a stable code, thrown before anything is sent. */
export async function handleErrors(secret: Uint8Array): Promise<void> {
  const signedFetch = createSignedFetch(createSigner({ keyId: 'client-1', secret }));
  try {
    await signedFetch.json('https://api.example.com/v1/orders', { n: Number.NaN });
  } catch (error) {
    if (isSignwireError(error) && error.code === 'JSON_UNSUPPORTED') console.error('NaN has no JSON form:', error.message);
    else throw error;
  }
}

/** Testing: a frozen clock and deterministic nonces give reproducible signatures. */
export async function deterministicSigner(secret: Uint8Array): Promise<string> {
  const signer = createSigner({ keyId: 'client-1', secret, now: fixedClock(1_700_000_000_000), nonce: sequentialNonces() });
  return (await signer.sign({ method: 'GET', url: 'https://api.example.com/v1/orders' }))['signature-input'];
  // sig1=("@method" "@authority" "@path" "@query");created=1700000000;nonce="AAAAAAAAAAAAAAAAAAAAAA";keyid="client-1";alg="hmac-sha256";tag="signwire-v1"
}

/** Signed responses: verified against the request sent; the clock corrected from signed time rejections only. */
export async function signedResponses(key: string): Promise<unknown> {
  const secret = { base64: key };
  const signer = createSigner({ keyId: 'client-1', secret });
  const signedFetch = createSignedFetch(signer, { responses: verifySignedResponses({ secret }) });
  const response = await signedFetch('https://api.example.com/v1/orders'); // verified, or a SignwireError
  return response.json();
}

/** Clock samples: see why a signed time rejection did or did not correct the clock. */
export function clockSamples(secret: { base64: string }): ReturnType<typeof verifySignedResponses> {
  return verifySignedResponses({
    secret,
    onClockSample: (s) => {
      if (s.outcome !== 'corrected') console.warn(`clock sample ${s.outcome}`, s.reason, s.roundTripMilliseconds);
    },
  });
}
