// Security review: probes that found the code safe, kept to pin the behaviour.
import { describe, expect, it } from 'vitest';
import { corsHeaders, createMemoryNonceStore, createVerifier, resolveCors } from '../src/index.js';
import { nonceStoreKey } from '../src/nonce-store.js';
import { NOW, ORIGIN, SECRET, sign } from './helpers.js';

describe('review: the nonce store cannot be filled or poisoned by forged requests', () => {
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

describe('review: CORS never reflects an arbitrary origin with credentials', () => {
  it("'*' answers a literal * and no Allow-Credentials; a list answers only listed origins", () => {
    const any = corsHeaders(resolveCors({ origins: '*' }), 'https://evil.example', true);
    expect(any['access-control-allow-origin']).toBe('*');
    expect(Object.keys(any)).not.toContain('access-control-allow-credentials');
    const listed = resolveCors({ origins: ['https://app.example.com'] });
    expect(corsHeaders(listed, 'https://evil.example', true)).toEqual({});
    expect(corsHeaders(listed, 'https://app.example.com.evil.example', false)).toEqual({});
    expect(corsHeaders(listed, 'https://APP.example.com', false)['access-control-allow-origin']).toBe('https://APP.example.com');
  });
});
