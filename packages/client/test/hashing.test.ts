// Which implementation hashes: WebCrypto (crypto.subtle) by default, for the body digest and the HMAC;
// the signer's `hashes` when it was created with them (the only way to signSync). Whichever hashes,
// the signature is byte-identical.
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HashProvider, nobleHashes } from '../src/index.js';
import { testSigner } from './helpers.js';

const URL = 'https://api.example.com/v1/uploads?part=1';
const bodyOf = (size: number): Uint8Array<ArrayBuffer> => new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
const plain = (body: Uint8Array | string) => ({ method: 'POST', url: URL, headers: { 'content-type': 'application/octet-stream' }, body });
const nodeHashes: HashProvider = {
  sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
  hmacSha256: (key, data) => new Uint8Array(createHmac('sha256', key).update(data).digest()),
};
const noSubtle = () => vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => crypto.getRandomValues(bytes) });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('by default the async paths hash with WebCrypto', () => {
  it.each([1, 4096, 1_048_576])('a %i-byte body: digest and HMAC from crypto.subtle, the same signature as noble', async (size) => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const mac = vi.spyOn(crypto.subtle, 'sign');
    const body = bodyOf(size);
    const viaWebCrypto = await testSigner().sign(plain(body)); // each testSigner() restarts its nonces
    expect(digest).toHaveBeenCalledTimes(1);
    expect(mac).toHaveBeenCalledTimes(1);
    expect(viaWebCrypto).toEqual(testSigner({ hashes: nobleHashes }).signSync(plain(body)));
    const signed = await testSigner().signRequest(new Request(URL, { method: 'POST', body }));
    expect(digest).toHaveBeenCalledTimes(2);
    expect(signed.headers.get('content-digest')).toBe(viaWebCrypto['content-digest']);
  });

  it('a string body is hashed as its UTF-8 bytes', async () => {
    const body = `{"text":"${'é'.repeat(100)}"}`;
    expect(await testSigner().sign(plain(body))).toEqual(testSigner({ hashes: nobleHashes }).signSync(plain(body)));
  });

  it('bytes WebCrypto refuses as they are (a SharedArrayBuffer view) are copied first: the same signature', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8192));
    shared.set(bodyOf(8192));
    expect(await testSigner().sign(plain(shared))).toEqual(await testSigner().sign(plain(bodyOf(8192))));
  });

  it('without crypto.subtle (an insecure http: page) sign() fails with CONFIGURATION_INVALID, naming the way out', async () => {
    noSubtle();
    await expect(testSigner().sign(plain('x'))).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      message: expect.stringContaining('hashes: nobleHashes'),
    });
    await expect(testSigner().signRequest({ method: 'GET', url: URL })).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });
});

describe('a signer created with hashes uses them, and only them', () => {
  it.each([
    ['nobleHashes', nobleHashes],
    ['node:crypto', nodeHashes],
  ])('%s: sign(), signRequest() and signSync() never touch crypto.subtle; the same signature', async (_name, hashes) => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const mac = vi.spyOn(crypto.subtle, 'sign');
    const body = bodyOf(65_536);
    const expected = await testSigner().sign(plain(body));
    digest.mockClear();
    mac.mockClear();
    const sha256 = vi.fn(hashes.sha256);
    const hmacSha256 = vi.fn(hashes.hmacSha256);
    const signer = () => testSigner({ hashes: { sha256, hmacSha256 } });
    expect(await signer().sign(plain(body))).toEqual(expected);
    expect(signer().signSync(plain(body))).toEqual(expected);
    await signer().signRequest(new Request(URL, { method: 'POST', body }));
    expect(sha256).toHaveBeenCalledTimes(3);
    expect(hmacSha256).toHaveBeenCalledTimes(3);
    expect(digest).not.toHaveBeenCalled();
    expect(mac).not.toHaveBeenCalled();
  });

  it('nobleHashes signs where crypto.subtle is missing', async () => {
    const expected = await testSigner().sign(plain('hello'));
    noSubtle();
    expect(await testSigner({ hashes: nobleHashes }).sign(plain('hello'))).toEqual(expected);
  });

  it('signSync() without hashes fails with CONFIGURATION_INVALID, naming the option', () => {
    expect(() => testSigner().signSync(plain('x'))).toThrowError(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('hashes: nobleHashes') }),
    );
  });

  it.each([
    [{}],
    [{ sha256: () => new Uint8Array(32) }],
    ['noble'],
  ])('hashes %j is refused at construction with CONFIGURATION_INVALID', (hashes) => {
    expect(() => testSigner({ hashes: hashes as never })).toThrowError(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});
