// Runs inside headless Chromium: the built @signwire/client (bundled by esbuild), as a page would use
// it: log in (a cookie), then sign every API call with keys from credentialsFrom('/session/signing-key').
// Each step reports what the page saw: the answer, the requests actually sent, and every WebCrypto
// key import (extractable or not).
import { createSignedFetch, createSigner, isSignwireError } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';

/** One API call as the page saw it. */
interface Call {
  readonly status?: number;
  readonly body?: unknown;
  readonly code?: string;
  readonly sent: number;
}

const imports: { extractable: boolean; usages: string[] }[] = [];
const importKey = crypto.subtle.importKey.bind(crypto.subtle);
crypto.subtle.importKey = ((
  format: 'raw',
  keyData: BufferSource,
  algorithm: HmacImportParams,
  extractable: boolean,
  usages: KeyUsage[],
) => {
  imports.push({ extractable, usages: [...usages] });
  return importKey(format, keyData, algorithm, extractable, usages);
}) as typeof crypto.subtle.importKey;

let sent = 0;
const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom('/session/signing-key') }), {
  fetch: (request) => {
    sent++;
    return fetch(request);
  },
});

async function login(user: string): Promise<number> {
  return (await fetch('/login', { method: 'POST', body: user })).status;
}

async function call(path = '/api/me'): Promise<Call> {
  const before = sent;
  try {
    const response = await signedFetch(path);
    return { status: response.status, body: await response.json(), sent: sent - before };
  } catch (error) {
    return { code: isSignwireError(error) ? error.code : String(error), sent: sent - before };
  }
}

/** Calls the API every 200 ms for `forMs`, one call at a time. */
async function callFor(forMs: number): Promise<Call[]> {
  const calls: Call[] = [];
  const end = Date.now() + forMs;
  while (Date.now() < end) {
    calls.push(await call());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return calls;
}

Object.assign(globalThis, { signwirePage: { login, call, callFor, imports: () => imports } });
