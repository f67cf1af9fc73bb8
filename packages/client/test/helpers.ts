// Shared test fixtures: a key, a deterministic signer, a recording fake fetch, and verification of a
// recorded request with core's verifier over the exact bytes it would send.
import { importSecret, type VerifiedSignature, verifyRequestSignature } from '@signwire/core';
import { createSigner, nobleHashes, type Signer, type SignerOptions } from '../src/index.js';
import { fixedClock, sequentialNonces } from '../src/testing.js';

export const SECRET_BASE64 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
export const KEY_ID = 'client-1';
export const NOW_SECONDS = 1_700_000_000;

export function testSigner(options: Partial<SignerOptions> = {}): Signer {
  return createSigner({
    keyId: KEY_ID,
    secret: { base64: SECRET_BASE64 },
    now: fixedClock(NOW_SECONDS * 1000),
    nonce: sequentialNonces(),
    ...options,
  });
}

/** {@link testSigner} with synchronous noble hashes, so that it can `signSync`. */
export function syncSigner(options: Partial<SignerOptions> = {}): Signer {
  return testSigner({ hashes: nobleHashes, ...options });
}

/** A fake fetch that records every Request it is given and answers 204. */
export function recordingFetch(): { fetch: (request: Request) => Promise<Response>; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (request: Request) => {
      requests.push(request);
      return new Response(null, { status: 204 });
    },
  };
}

export function headerLines(headers: Headers): [string, string][] {
  const lines: [string, string][] = [];
  headers.forEach((value, name) => {
    lines.push([name, value]);
  });
  return lines;
}

/** Verifies a request that was (or would be) sent, over the bytes its body holds. */
export async function verifySent(request: Request, now = NOW_SECONDS): Promise<VerifiedSignature & { bytes: Uint8Array }> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const verified = verifyRequestSignature({
    request: { method: request.method, url: request.url, headers: headerLines(request.headers), body: bytes },
    now,
    lookupKey: (keyId) => (keyId === KEY_ID ? { key: importSecret({ base64: SECRET_BASE64 }) } : undefined),
  });
  return { ...verified, bytes };
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
