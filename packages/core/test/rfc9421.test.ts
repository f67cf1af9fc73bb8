// RFC 9421 Appendix B.2.5 ("Signing a Request Using hmac-sha256"): the RFC's own published signature
// must come out of our signature base + HMAC, and verify through the structured-field parser.
import { describe, expect, it } from 'vitest';
import { importSecret, nobleHashes, timingSafeEqual } from '../src/index.js';
import {
  createSignatureBase,
  fromBase64,
  selectSignature,
  serializeSignatureParams,
  splitTargetUrl,
  toBase64,
  utf8,
} from '../src/internal.js';
import { exportKeyBytes } from '../src/secret.js';

const SHARED_SECRET = 'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==';
const RFC_SIGNATURE_INPUT = 'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"';
const RFC_SIGNATURE = 'sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:';
const RFC_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@authority": example.com',
  '"content-type": application/json',
  '"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
].join('\n');

const source = {
  method: 'POST',
  target: splitTargetUrl('https://example.com/foo?param=Value&Pet=dog'),
  fields: [
    ['Host', 'example.com'],
    ['Date', 'Tue, 20 Apr 2021 02:07:55 GMT'],
    ['Content-Type', 'application/json'],
    ['Content-Digest', 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:'],
    ['Content-Length', '18'],
  ] as const,
};

describe('RFC 9421 Appendix B.2.5 (hmac-sha256)', () => {
  const received = selectSignature(RFC_SIGNATURE_INPUT, RFC_SIGNATURE, 'sig-b25');

  it('rebuilds the published signature base byte for byte', () => {
    expect(createSignatureBase(received.components, source, received.signatureParams)).toBe(RFC_BASE);
  });

  it('re-serializes the inner list exactly as received', () => {
    expect(serializeSignatureParams(received.components, received.params)).toBe(RFC_SIGNATURE_INPUT.slice('sig-b25='.length));
  });

  it('produces the published signature and verifies it in constant time', () => {
    const key = importSecret({ base64: SHARED_SECRET });
    const mac = nobleHashes.hmacSha256(exportKeyBytes(key), utf8(RFC_BASE));
    expect(`sig-b25=:${toBase64(mac)}:`).toBe(RFC_SIGNATURE);
    expect(timingSafeEqual(mac, received.signature)).toBe(true);
  });

  it('rejects the published signature under a different key', () => {
    const other = fromBase64(SHARED_SECRET)?.map((b) => b ^ 1) as Uint8Array;
    const mac = nobleHashes.hmacSha256(other, utf8(RFC_BASE));
    expect(timingSafeEqual(mac, received.signature)).toBe(false);
  });
});
