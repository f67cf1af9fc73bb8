import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { utf8Transient } from './bytes.js';
import { createContentDigest, parseContentDigest, verifyContentDigest } from './content-digest.js';
import { ERROR_CODES, httpStatusFor, isSignwireError, SignwireError, VerificationError } from './errors.js';
import { nobleHashes } from './hash.js';
import { createNonce, createNonceSource } from './nonce.js';
import { timingSafeEqual } from './timing-safe-equal.js';

describe('hashes (checked against node:crypto as an independent implementation)', () => {
  it('sha256 and hmacSha256 agree with node:crypto', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const key = new Uint8Array(32).fill(7);
    expect(Buffer.from(nobleHashes.sha256(data))).toEqual(createHash('sha256').update(data).digest());
    expect(Buffer.from(nobleHashes.hmacSha256(key, data))).toEqual(createHmac('sha256', key).update(data).digest());
  });

  it.each([32, 64, 65, 200])('hmacSha256WithKey (a %i-byte key) agrees with node:crypto, message after message', (length) => {
    const key = Uint8Array.from({ length }, (_, i) => (i * 7 + 1) & 0xff);
    const mac = nobleHashes.hmacSha256WithKey?.(key);
    expect(mac).toBeTypeOf('function');
    for (const message of ['', 'a', 'x'.repeat(1000), 'a']) {
      const data = new TextEncoder().encode(message);
      expect(Buffer.from(mac?.(data) ?? [])).toEqual(createHmac('sha256', key).update(data).digest());
    }
  });
});

describe('utf8Transient (checked against Buffer as an independent encoder)', () => {
  it.each([
    ['ASCII', '"@method": POST\n"@signature-params": ("@method");created=1'],
    ['empty', ''],
    ['two-, three- and four-byte characters', 'é€😀'],
    ['a lone surrogate, as U+FFFD', 'a\ud800b'],
    ['text longer than the first scratch space', 'x'.repeat(5000)],
    ['text longer than any scratch space', 'y'.repeat(40_000)],
  ])('%s', (_, text) => {
    expect(Buffer.from(utf8Transient(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('reuses its memory: a later call overwrites what an earlier one returned', () => {
    const first = utf8Transient('first');
    utf8Transient('second');
    expect(Buffer.from(first).toString()).toBe('secon');
  });
});

describe('timingSafeEqual', () => {
  it('compares content and length', () => {
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('Content-Digest (RFC 9530)', () => {
  const body = new TextEncoder().encode('{"hello": "world"}');
  it('matches the RFC 9530 example value', () => {
    expect(createContentDigest(body)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });
  it('verifies the exact bytes and ignores other algorithms', () => {
    expect(() => verifyContentDigest(`sha-512=:AAAA:, ${createContentDigest(body)}`, body)).not.toThrow();
  });
  it.each([
    ['one changed byte', 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', '{"hello": "World"}', 'DIGEST_MISMATCH'],
    ['no sha-256 member', 'sha-512=:AAAA:', '{}', 'DIGEST_MISSING'],
    ['not a dictionary', 'sha-256=X48E9', '{}', 'DIGEST_MALFORMED'],
    ['a token instead of bytes', 'sha-256=abc', '{}', 'DIGEST_MALFORMED'],
    ['a 31-byte digest', `sha-256=:${Buffer.alloc(31).toString('base64')}:`, '{}', 'DIGEST_MALFORMED'],
  ])('%s → %s', (_name, field, text, code) => {
    expect(() => verifyContentDigest(field, new TextEncoder().encode(text))).toThrowError(expect.objectContaining({ code }));
  });
  it('parseContentDigest returns the 32 bytes', () => {
    expect(parseContentDigest(createContentDigest(body))).toEqual(nobleHashes.sha256(body));
  });
});

describe('createNonce', () => {
  it('gives 22 base64url characters (128 bits), different each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
  it('throws instead of falling back when crypto.getRandomValues is missing', () => {
    const original = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(() => createNonce()).toThrowError(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: original, configurable: true });
    }
  });
});

describe('createNonceSource', () => {
  it('gives distinct 22-character base64url nonces, drawing 64 at a time from crypto.getRandomValues', () => {
    const getRandomValues = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const next = createNonceSource();
      expect(getRandomValues).not.toHaveBeenCalled();
      const nonces = Array.from({ length: 200 }, next);
      expect(new Set(nonces).size).toBe(200);
      for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(getRandomValues).toHaveBeenCalledTimes(4); // 200 nonces: batches of 64
    } finally {
      getRandomValues.mockRestore();
    }
  });

  it('zeroes the bytes of each nonce it hands out', () => {
    let batch: Uint8Array | undefined;
    const getRandomValues = vi
      .spyOn(globalThis.crypto, 'getRandomValues')
      .mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
        batch = array as unknown as Uint8Array;
        batch.fill(0xab);
        return array;
      });
    try {
      const next = createNonceSource();
      expect(next()).toBe('q6urq6urq6urq6urq6urqw');
      expect([...(batch?.subarray(0, 16) ?? [])].every((b) => b === 0)).toBe(true);
      expect(batch?.[16]).toBe(0xab);
    } finally {
      getRandomValues.mockRestore();
    }
  });

  it('throws CONFIGURATION_INVALID instead of falling back when crypto.getRandomValues is missing', () => {
    const original = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const next = createNonceSource();
      expect(() => next()).toThrowError(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: original, configurable: true });
    }
  });
});

describe('errors', () => {
  it('carry a stable code, the status of the table and a cause', () => {
    const cause = new Error('inner');
    const error = new VerificationError('NONCE_REPLAYED', 'replayed', { cause });
    expect(error).toBeInstanceOf(SignwireError);
    expect(error).toMatchObject({ code: 'NONCE_REPLAYED', status: 401, name: 'VerificationError', cause });
    expect(httpStatusFor('BODY_TOO_LARGE')).toBe(413);
    expect(httpStatusFor('NONCE_STORE_FULL')).toBe(503);
  });
  it('isSignwireError recognizes errors from another copy of the package by code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'KEY_UNKNOWN' });
    expect(isSignwireError(foreign)).toBe(true);
    expect(isSignwireError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isSignwireError({ code: 'KEY_UNKNOWN' })).toBe(false);
  });
  it('every status is a 4xx or 5xx', () => {
    for (const status of Object.values(ERROR_CODES)) expect(status).toBeGreaterThanOrEqual(400);
  });
});
