// The replay store under forged requests: a request whose MAC fails records nothing, so forged
// requests can neither fill the store nor claim a genuine request's nonce first.
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore, createVerifier } from '../src/index.js';
import { nonceStoreKey } from '../src/nonce-store.js';
import { NOW, ORIGIN, SECRET, sign } from './helpers.js';

describe('verifier and replay store: forged requests cannot fill the store or poison a nonce', () => {
  it('a forged request (right keyid and nonce, wrong MAC) records nothing; the genuine one is then accepted', async () => {
    const store = createMemoryNonceStore({ maxEntries: 1 });
    const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, nonceStore: store });
    const genuine = sign({ method: 'GET', nonce: 'BBBBBBBBBBBBBBBBBBBBBB' });
    const forgedHeaders = genuine.headers.map(([n, v]): [string, string] => [
      n,
      n === 'signature' ? `sig1=:${Buffer.alloc(32).toString('base64')}:` : v,
    ]);
    const message = (headers: [string, string][]) => ({ method: 'GET', requestTarget: '/v1/orders?dry_run=1', headers, body: null });
    await expect(verifier.verifyMessage(message(forgedHeaders))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(store.size).toBe(0);
    await expect(verifier.verifyMessage(message(genuine.headers))).resolves.toMatchObject({ nonce: 'BBBBBBBBBBBBBBBBBBBBBB' });
    expect(store.size).toBe(1);
  });

  it('store keys are injective: key ids and nonces cannot contain the separator', () => {
    // keyid: [A-Za-z0-9._~:/+=@-], nonce: [A-Za-z0-9_-]; neither holds a space.
    expect(nonceStoreKey('a', 'b_c')).not.toBe(nonceStoreKey('a b', 'c'));
    expect(nonceStoreKey('k:1', 'AAAAAAAAAAAAAAAAAAAAAA').split(' ')).toEqual(['k:1', 'AAAAAAAAAAAAAAAAAAAAAA']);
  });
});
