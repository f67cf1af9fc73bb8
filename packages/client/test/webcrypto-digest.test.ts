// The async signing paths hash bodies of 4 KB and more with WebCrypto (crypto.subtle.digest), smaller
// ones and signSync with noble, and fall back to noble where crypto.subtle is missing (an insecure
// http: page). Whichever hashes, the signature is byte-identical.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testSigner } from './helpers.js';

const URL = 'https://api.example.com/v1/uploads?part=1';
const bodyOf = (size: number): Uint8Array<ArrayBuffer> => new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
const plain = (body: Uint8Array | string) => ({ method: 'POST', url: URL, headers: { 'content-type': 'application/octet-stream' }, body });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('body digest: WebCrypto from 4 KB in the async paths, noble otherwise', () => {
  it.each([4096, 65_536, 1_048_576])('a %i-byte body: WebCrypto, the same signature as noble (signSync)', async (size) => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const body = bodyOf(size);
    const viaWebCrypto = await testSigner().sign(plain(body)); // each testSigner() restarts its nonces
    expect(digest).toHaveBeenCalledTimes(1);
    expect(viaWebCrypto).toEqual(testSigner().signSync(plain(body)));
    const signed = await testSigner().signRequest(new Request(URL, { method: 'POST', body }));
    expect(digest).toHaveBeenCalledTimes(2);
    expect(signed.headers.get('content-digest')).toBe(viaWebCrypto['content-digest']);
  });

  it('a string of 4096 characters or more is hashed as its UTF-8 bytes', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const body = `{"text":"${'é'.repeat(4096)}"}`;
    expect(await testSigner().sign(plain(body))).toEqual(testSigner().signSync(plain(body)));
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it('a body under 4 KB and signSync never call WebCrypto', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const signer = testSigner();
    await signer.sign(plain(bodyOf(4095)));
    signer.signSync(plain(bodyOf(65_536)));
    expect(digest).not.toHaveBeenCalled();
  });

  it('without crypto.subtle (an insecure page) noble hashes: the same signature', async () => {
    const body = bodyOf(65_536);
    const withSubtle = await testSigner().sign(plain(body));
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => crypto.getRandomValues(bytes) });
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await testSigner().sign(plain(body))).toEqual(withSubtle);
  });

  it('bytes WebCrypto refuses (a SharedArrayBuffer view) are hashed by noble', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8192));
    shared.set(bodyOf(8192));
    expect(await testSigner().sign(plain(shared))).toEqual(testSigner().signSync(plain(bodyOf(8192))));
  });
});
