// docs/troubleshooting.md — seeing both signature bases.
import { createSigner } from '@signwire/client';
import { createNonce, importSecret, signRequest } from '@signwire/core';
import { createVerifier, isSignwireError } from '@signwire/server';

/** Server: log every rejection with the base the server computed (never send it to the client in production). */
export const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: 'https://api.example.com',
  onFailure: (error, { signatureBase, method, url, keyId, hint }) => {
    const code = isSignwireError(error) ? error.code : 'UNEXPECTED';
    console.warn(JSON.stringify({ msg: 'signwire rejected', code, method, url, keyId, hint, signatureBase }));
  },
  log: false, // the structured line above replaces the default one-line log
  debug: process.env.NODE_ENV === 'development', // also puts the base and hint into the 401 body; development only
});

/** Client: core's signRequest returns the base it MACed (createSigner only returns the headers). */
export function clientBase(secret: string, body: string): string {
  const parts = signRequest({
    request: { method: 'POST', url: 'https://api.example.com/v1/orders', headers: { 'content-type': 'application/json' }, body },
    key: importSecret({ base64: secret }),
    keyId: 'client-1',
    created: Math.floor(Date.now() / 1000),
    nonce: createNonce(),
  });
  return parts.signatureBase;
}

/** Print both bases line by line, marking the first difference. */
export function diffBases(client: string, server: string): string {
  const a = client.split('\n');
  const b = server.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const same = a[i] === b[i];
    lines.push(`${same ? ' ' : '-'} ${a[i] ?? ''}`);
    if (!same) lines.push(`+ ${b[i] ?? ''}`);
  }
  return lines.join('\n');
}

/** The signer itself, for reference: the headers only. */
export const signer = createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET! } });
