// createKeyIssuer (docs/spec.md §16): options refused at construction with their codes, issue(), and
// the issuer as a key source: composition with static keys and resolvers, revocation asked only after
// the MAC, and the bounded memory of keys that verified a request.
import { hkdfSync } from 'node:crypto';
import { createNonce, type HashProvider, importSecret, type SignwireError, signRequest } from '@signwire/core';
import { toBase64Url } from '@signwire/core/internal';
import { describe, expect, it } from 'vitest';
import {
  createKeyIssuer,
  createMemoryNonceStore,
  createVerifier,
  type KeyIssuerOptions,
  type KeySource,
  type MasterKeyInput,
  nodeHashes,
} from '../src/index.js';

const MASTER = { base64: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=' }; // bytes 0x40..0x5f
const OLD_MASTER = { hex: '80'.repeat(32) };
const SERVICE = { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
const NOW = 1_700_000_000;
const ORIGIN = 'https://api.example.com';

function issuerWith(options: Partial<KeyIssuerOptions> = {}) {
  return createKeyIssuer({ masterKeys: { m2026: MASTER }, currentMaster: 'm2026', now: () => NOW, ...options });
}

/** A request signed with `keyId` / `secret` at `created`, as a Fetch Request. */
function signed(keyId: string, secret: { base64url: string } | typeof SERVICE, options: { path?: string; created?: number } = {}): Request {
  const request = {
    method: 'POST',
    url: `${ORIGIN}/v1/orders`,
    headers: [['content-type', 'application/json']] as [string, string][],
    body: '{"qty":2}',
  };
  const parts = signRequest({ request, key: importSecret(secret), keyId, created: options.created ?? NOW + 10, nonce: createNonce() });
  return new Request(`${ORIGIN}${options.path ?? '/v1/orders'}`, {
    method: 'POST',
    headers: [...request.headers, ...Object.entries(parts.headers)],
    body: request.body,
  });
}

function verifierFor(keys: KeySource, now = () => NOW + 20) {
  return createVerifier({ keys, publicOrigin: ORIGIN, now, log: false });
}

describe('createKeyIssuer: options', () => {
  it.each<[string, Partial<KeyIssuerOptions> | null, string, string]>([
    ['no options', null, 'CONFIGURATION_INVALID', 'createKeyIssuer needs { masterKeys, currentMaster }'],
    [
      'masterKeys missing',
      { masterKeys: undefined as never },
      'CONFIGURATION_INVALID',
      'masterKeys must be a Map or a record of master secrets by id',
    ],
    ['no master', { masterKeys: {} }, 'CONFIGURATION_INVALID', 'masterKeys must hold at least one master'],
    [
      'a master id with ":"',
      { masterKeys: { 'm:1': MASTER }, currentMaster: 'm:1' },
      'CONFIGURATION_INVALID',
      'masterKeys: master id "m:1" has ":" (U+003A) at character 2; a master id is 1–16 characters of A–Z a–z 0–9 . _ ~ / + = @ -',
    ],
    [
      'a 31-byte master',
      { masterKeys: { m2026: new Uint8Array(31) } },
      'KEY_INVALID',
      'master "m2026": the secret is 31 bytes; it must be 32–1024 bytes (256 bits or more)',
    ],
    [
      'an unset master variable',
      { masterKeys: { m2026: { base64: undefined as never } } },
      'KEY_INVALID',
      `master "m2026": the secret's base64 is undefined, not a string (is the environment variable that should hold it unset?)`,
    ],
    [
      'retired not a boolean',
      { masterKeys: { m2026: { secret: MASTER, retired: 'yes' as never } } },
      'CONFIGURATION_INVALID',
      'retired of master "m2026" must be a boolean',
    ],
    [
      'an unknown currentMaster',
      { currentMaster: 'm9' },
      'CONFIGURATION_INVALID',
      'currentMaster must name a master of masterKeys that is not retired (m2026)',
    ],
    [
      'a retired currentMaster',
      { masterKeys: { m2026: { secret: MASTER, retired: true }, m2025: OLD_MASTER } },
      'CONFIGURATION_INVALID',
      'currentMaster must name a master of masterKeys that is not retired (m2026, m2025)',
    ],
    ['ttlSeconds 0', { ttlSeconds: 0 }, 'CONFIGURATION_INVALID', 'ttlSeconds must be a whole number of seconds, at least 1'],
    ['maxTtlSeconds 1.5', { maxTtlSeconds: 1.5 }, 'CONFIGURATION_INVALID', 'maxTtlSeconds must be a whole number of seconds, at least 1'],
    [
      'ttlSeconds over maxTtlSeconds',
      { ttlSeconds: 7200 },
      'CONFIGURATION_INVALID',
      'ttlSeconds (7200) is over maxTtlSeconds (3600): raise maxTtlSeconds',
    ],
    ['revokedBefore not a function', { revokedBefore: 5 as never }, 'CONFIGURATION_INVALID', 'revokedBefore must be a function'],
    ['now not a function', { now: 5 as never }, 'CONFIGURATION_INVALID', 'now must be a function'],
    ['hashes not a provider', { hashes: {} as never }, 'CONFIGURATION_INVALID', 'hashes must be a HashProvider ({ sha256, hmacSha256 })'],
    ['cacheSize -1', { cacheSize: -1 }, 'CONFIGURATION_INVALID', 'cacheSize must be a whole number, 0 or more'],
  ])('refuses %s', (_name, options, code, message) => {
    const build = () => (options === null ? createKeyIssuer(null as never) : issuerWith(options));
    expect(build).toThrow(expect.objectContaining({ name: 'ConfigurationError', code, message }));
  });

  it('accepts a Map, an HmacKey and { secret } forms', () => {
    const issuer = createKeyIssuer({
      masterKeys: new Map<string, MasterKeyInput>([
        ['m2026', importSecret(MASTER)],
        ['m2025', { secret: OLD_MASTER, retired: true }],
      ]),
      currentMaster: 'm2026',
    });
    expect(issuer).toMatchObject({ currentMaster: 'm2026', ttlSeconds: 900, maxTtlSeconds: 3600 });
  });
});

describe('issuer.issue', () => {
  it('issues under the current master, for ttlSeconds, the HKDF key of §16.3 (as node:crypto computes it)', () => {
    const issued = issuerWith({ now: () => NOW + 0.9 }).issue('user-8412');
    expect(issued.keyId).toBe('swk1:m2026:user-8412:1700000000:1700000900');
    expect(issued.expires).toBe(1_700_000_900);
    const info = Buffer.concat([Buffer.from('signwire-v1 issued key\0'), Buffer.from(issued.keyId)]);
    const expected = new Uint8Array(hkdfSync('sha256', Buffer.from(MASTER.base64, 'base64'), new Uint8Array(0), info, 32));
    expect(issued.secret).toEqual({ base64url: toBase64Url(expected) });
    expect(JSON.parse(JSON.stringify(issued))).toEqual(issued); // sent as JSON as it is
  });

  it('takes a lifetime per key, from 1 to maxTtlSeconds', () => {
    const issuer = issuerWith({ maxTtlSeconds: 600, ttlSeconds: 60 });
    expect(issuer.issue('u1').expires).toBe(NOW + 60);
    expect(issuer.issue('u1', { ttlSeconds: 600 }).expires).toBe(NOW + 600);
    for (const ttlSeconds of [0, 601, 1.5, Number.NaN]) {
      expect(() => issuer.issue('u1', { ttlSeconds })).toThrow(
        expect.objectContaining({
          code: 'CONFIGURATION_INVALID',
          message: 'ttlSeconds must be a whole number of seconds from 1 to maxTtlSeconds (600)',
        }),
      );
    }
  });

  it('refuses a subject outside the alphabet, naming the character', () => {
    expect(() => issuerWith().issue('auth0|42')).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_INVALID',
        message: 'subject "auth0|42" has "|" (U+007C) at character 6; a subject is 1–64 characters of A–Z a–z 0–9 . _ ~ / + = @ -',
      }),
    );
  });

  it('refuses a clock in milliseconds or not finite', () => {
    for (const reading of [Date.now(), Number.NaN, -1]) {
      expect(() => issuerWith({ now: () => reading }).issue('u1')).toThrow(
        expect.objectContaining({
          code: 'CONFIGURATION_INVALID',
          message: expect.stringContaining('it must return Unix seconds (Date.now() / 1000)'),
        }),
      );
    }
  });
});

describe('the issuer as a key source', () => {
  it('verifies its keys and reports the subject; a static key next to it has none', async () => {
    const issuer = issuerWith();
    const verifier = verifierFor([issuer, { 'service-1': SERVICE }]);
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifier.verify(signed(keyId, secret))).resolves.toMatchObject({ keyId, subject: 'user-8412' });
    const service = await verifier.verify(signed('service-1', SERVICE));
    expect(service).toMatchObject({ keyId: 'service-1', subject: undefined });
  });

  it('refuses a key after its expiry (KEY_RETIRED), and an unknown key id (KEY_UNKNOWN)', async () => {
    const issuer = issuerWith({ ttlSeconds: 60 });
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifierFor(issuer, () => NOW + 60).verify(signed(keyId, secret, { created: NOW + 59 }))).rejects.toMatchObject({
      code: 'KEY_RETIRED',
      status: 401,
    });
    await expect(verifierFor(issuer).verify(signed('service-1', SERVICE))).rejects.toMatchObject({ code: 'KEY_UNKNOWN' });
  });

  it('keeps verifying a previous master after rotation, until it is retired', async () => {
    const before = issuerWith({ masterKeys: { m2025: OLD_MASTER }, currentMaster: 'm2025' });
    const old = before.issue('user-8412');
    const rotated = issuerWith({ masterKeys: { m2026: MASTER, m2025: OLD_MASTER } });
    await expect(verifierFor(rotated).verify(signed(old.keyId, old.secret))).resolves.toMatchObject({ subject: 'user-8412' });
    const retired = issuerWith({ masterKeys: { m2026: MASTER, m2025: { secret: OLD_MASTER, retired: true } } });
    await expect(verifierFor(retired).verify(signed(old.keyId, old.secret))).rejects.toMatchObject({ code: 'KEY_RETIRED' });
  });

  it('refuses, at construction, a static key id that starts with swk1:, a key id in two rings, a master in two issuers', () => {
    const issued = { [issuerWith().issue('u1').keyId]: SERVICE };
    expect(() => verifierFor(issued)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('starts with swk1:') }),
    );
    expect(() => verifierFor([{ a: SERVICE }, new Map([['a', SERVICE]])])).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: 'keys: two key rings hold a key "a"' }),
    );
    expect(() => verifierFor([issuerWith(), issuerWith()])).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: 'keys: two issuers have a master "m2026"' }),
    );
    expect(() => verifierFor([])).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: 'keys must hold at least one key source' }),
    );
    expect(() => verifierFor([[issuerWith()]] as never)).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it('asks two issuers with different masters for their own keys', async () => {
    const a = issuerWith();
    const b = issuerWith({ masterKeys: { other: OLD_MASTER }, currentMaster: 'other' });
    const verifier = verifierFor([a, b]);
    for (const issuer of [a, b]) {
      const { keyId, secret } = issuer.issue('u1');
      await expect(verifier.verify(signed(keyId, secret))).resolves.toMatchObject({ keyId });
    }
  });

  it('asks resolvers in order, awaiting each, and never for a swk1: key id', async () => {
    const asked: string[] = [];
    const first = async (keyId: string) => {
      asked.push(`first:${keyId}`);
      return undefined;
    };
    const second = (keyId: string) => {
      asked.push(`second:${keyId}`);
      return keyId === 'service-1' ? SERVICE : undefined;
    };
    const issuer = issuerWith();
    const verifier = verifierFor([first, issuer, second]);
    await expect(verifier.verify(signed('service-1', SERVICE))).resolves.toMatchObject({ keyId: 'service-1' });
    expect(asked).toEqual(['first:service-1', 'second:service-1']);
    const { keyId, secret } = issuer.issue('u1');
    asked.length = 0;
    await verifier.verify(signed(keyId, secret));
    await expect(verifierFor(second).verify(signed(`${keyId}x`, secret))).rejects.toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(asked).toEqual([]);
  });
});

describe('revocation', () => {
  it('refuses keys issued before the subject revocation time with KEY_REVOKED (401), and accepts later ones', async () => {
    let revokedAt: number | undefined;
    const issuer = issuerWith({ revokedBefore: (subject) => (subject === 'user-8412' ? revokedAt : undefined) });
    const verifier = verifierFor(issuer);
    const before = issuer.issue('user-8412');
    await expect(verifier.verify(signed(before.keyId, before.secret))).resolves.toMatchObject({ subject: 'user-8412' });
    revokedAt = NOW + 1;
    await expect(verifier.verify(signed(before.keyId, before.secret))).rejects.toMatchObject({ code: 'KEY_REVOKED', status: 401 });
    const other = issuer.issue('user-1');
    await expect(verifier.verify(signed(other.keyId, other.secret))).resolves.toMatchObject({ subject: 'user-1' });
    const after = issuerWith({ now: () => NOW + 1 }).issue('user-8412');
    await expect(verifier.verify(signed(after.keyId, after.secret))).resolves.toMatchObject({ subject: 'user-8412' });
  });

  it('is asked only for requests whose MAC verified (a forged request never reaches the session store)', async () => {
    const asked: string[] = [];
    const issuer = issuerWith({ revokedBefore: async (subject) => void asked.push(subject) });
    const verifier = verifierFor(issuer);
    const { keyId, secret } = issuer.issue('user-8412');
    const forged = signed(keyId, { base64url: toBase64Url(new Uint8Array(32).fill(7)) });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    const tampered = signed(keyId, secret, { path: '/v1/admin' });
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(asked).toEqual([]);
    await verifier.verify(signed(keyId, secret));
    expect(asked).toEqual(['user-8412']);
  });

  it('does not record the nonce of a revoked request (lifting the revocation lets the same request through)', async () => {
    let revokedAt: number | undefined = NOW + 1;
    const issuer = issuerWith({ revokedBefore: () => revokedAt });
    const verifier = createVerifier({
      keys: issuer,
      publicOrigin: ORIGIN,
      now: () => NOW + 20,
      log: false,
      nonceStore: createMemoryNonceStore(),
    });
    const { keyId, secret } = issuer.issue('user-8412');
    const request = signed(keyId, secret);
    await expect(verifier.verify(request.clone())).rejects.toMatchObject({ code: 'KEY_REVOKED' });
    revokedAt = undefined;
    await expect(verifier.verify(request.clone())).resolves.toMatchObject({ keyId });
    await expect(verifier.verify(request)).rejects.toMatchObject({ code: 'NONCE_REPLAYED' });
  });

  it('lets a failing revocation store fail the request with its own error (not a rejection), like a key resolver', async () => {
    const outage = new Error('session store down');
    const issuer = issuerWith({ revokedBefore: async () => Promise.reject(outage) });
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifierFor(issuer).verify(signed(keyId, secret))).rejects.toBe(outage);
  });

  it('refuses an answer in milliseconds as CONFIGURATION_INVALID (500), naming the subject', async () => {
    const issuer = issuerWith({ revokedBefore: () => Date.now() });
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifierFor(issuer).verify(signed(keyId, secret))).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      status: 500,
      message: expect.stringContaining('revokedBefore("user-8412") returned'),
    });
  });

  it('takes Infinity as "every key of this subject is revoked" (a deleted account): KEY_REVOKED (401), sync or async', async () => {
    for (const revokedBefore of [() => Number.POSITIVE_INFINITY, async () => Number.POSITIVE_INFINITY]) {
      const issuer = issuerWith({ revokedBefore });
      const { keyId, secret } = issuer.issue('user-8412');
      await expect(verifierFor(issuer).verify(signed(keyId, secret))).rejects.toMatchObject({
        code: 'KEY_REVOKED',
        status: 401,
        message: expect.stringContaining('every key of subject "user-8412" is revoked'),
      });
    }
  });

  it.each([
    ['NaN', Number.NaN, 'NaN'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['milliseconds', NOW * 1000, String(NOW * 1000)],
    ['a Date', new Date(NOW * 1000), 'a object'],
    ['a string', String(NOW), 'a string'],
  ])('refuses %s as CONFIGURATION_INVALID (500)', async (_label, answer, shown) => {
    const issuer = issuerWith({ revokedBefore: () => answer as number });
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifierFor(issuer).verify(signed(keyId, secret))).rejects.toMatchObject({
      code: 'CONFIGURATION_INVALID',
      status: 500,
      message: expect.stringContaining(`revokedBefore("user-8412") returned ${shown}:`),
    });
  });

  it('reads the clock again after an asynchronous answer: a window that closed meanwhile is SIGNATURE_EXPIRED', async () => {
    let clock = NOW + 20;
    const issuer = issuerWith({
      revokedBefore: async () => {
        clock = NOW + 10 + 301; // the request (created NOW + 10) is past the 300 s maximum age now
        return undefined;
      },
    });
    const { keyId, secret } = issuer.issue('user-8412');
    await expect(verifierFor(issuer, () => clock).verify(signed(keyId, secret))).rejects.toMatchObject({
      code: 'SIGNATURE_EXPIRED',
      message: 'the signature expired while its key was checked for revocation',
    });
  });
});

describe('time rejections of a revoked key (docs/spec.md §15.3, §16.5 step 6)', () => {
  /** A request signed with `keyId` an hour before the verifier's clock: SIGNATURE_EXPIRED, or SIGNATURE_FROM_FUTURE for -1. */
  async function rejected(issuer: ReturnType<typeof issuerWith>, keyId: string, secret: { base64url: string }, sign: 1 | -1) {
    const verifier = verifierFor(issuer);
    const error = await verifier.verify(signed(keyId, secret, { created: NOW + 20 - sign * 3600 })).catch((e: unknown) => e);
    return { verifier, error: error as SignwireError };
  }

  it.each([
    ['SIGNATURE_EXPIRED', 1],
    ['SIGNATURE_FROM_FUTURE', -1],
  ] as const)('refuses %s unsigned when the key is revoked (sync or async), and signs it when not', async (code, sign) => {
    for (const revokedBefore of [() => NOW + 1, async () => NOW + 1, () => Number.POSITIVE_INFINITY]) {
      const issuer = issuerWith({ revokedBefore, maxTtlSeconds: 7200, ttlSeconds: 7200 });
      const { keyId, secret } = issuer.issue('user-8412');
      const { verifier, error } = await rejected(issuer, keyId, secret, sign);
      expect(error).toMatchObject({ code, status: 401 });
      expect(verifier.responseSigner(error)).toBeUndefined();
      const response = verifier.errorResponse(error);
      expect(response.headers.get('signature')).toBeNull();
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const issuer = issuerWith({ revokedBefore: () => NOW - 1, maxTtlSeconds: 7200, ttlSeconds: 7200 });
    const { keyId, secret } = issuer.issue('user-8412');
    const { verifier, error } = await rejected(issuer, keyId, secret, sign);
    expect(error).toMatchObject({ code });
    expect(verifier.responseSigner(error)).toBeTypeOf('function');
  });

  it('leaves the time rejection unsigned when the revocation store fails, and asks it only after the MAC verified', async () => {
    const asked: string[] = [];
    const issuer = issuerWith({
      revokedBefore: async (subject) => {
        asked.push(subject);
        throw new Error('session store down');
      },
    });
    const { keyId, secret } = issuer.issue('user-8412');
    const forged = await rejected(issuer, keyId, { base64url: toBase64Url(new Uint8Array(32).fill(7)) }, 1);
    expect(forged.error).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    expect(asked).toEqual([]);
    const { verifier, error } = await rejected(issuer, keyId, secret, 1);
    expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    expect(asked).toEqual(['user-8412']);
    expect(verifier.responseSigner(error)).toBeUndefined();
  });
});

describe('the memory of derived keys', () => {
  /** nodeHashes, counting the HKDF expand steps (one per key derived). */
  function countingHashes(): { hashes: HashProvider; derived: () => number } {
    let count = 0;
    const hashes: HashProvider = {
      ...nodeHashes,
      hmacSha256WithKey: (key) => {
        const mac = nodeHashes.hmacSha256WithKey?.(key) ?? ((data: Uint8Array) => nodeHashes.hmacSha256(key, data));
        return (data) => {
          if (data.length > 23 && new TextDecoder().decode(data.subarray(0, 22)) === 'signwire-v1 issued key') count++;
          return mac(data);
        };
      },
    };
    return { hashes, derived: () => count };
  }

  it('derives a key once for requests that verify, and again for one that did not verify', async () => {
    const { hashes, derived } = countingHashes();
    const issuer = issuerWith({ hashes });
    const verifier = verifierFor(issuer);
    const { keyId, secret } = issuer.issue('user-8412');
    expect(derived()).toBe(1); // issue()
    await expect(verifier.verify(signed(keyId, secret, { path: '/v1/admin' }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(derived()).toBe(2); // a forged request is not remembered
    await verifier.verify(signed(keyId, secret));
    await verifier.verify(signed(keyId, secret));
    await verifier.verify(signed(keyId, secret));
    expect(derived()).toBe(3); // derived once more, then remembered
  });

  it('remembers at most cacheSize keys (oldest forgotten first), none with cacheSize 0', async () => {
    const { hashes, derived } = countingHashes();
    const issuer = issuerWith({ hashes, cacheSize: 2 });
    const verifier = verifierFor(issuer);
    const keys = ['a', 'b', 'c'].map((subject) => issuer.issue(subject));
    for (const { keyId, secret } of keys) await verifier.verify(signed(keyId, secret));
    const afterThree = derived();
    await verifier.verify(signed(keys[2]?.keyId as string, keys[2]?.secret as { base64url: string }));
    expect(derived()).toBe(afterThree); // c is remembered
    await verifier.verify(signed(keys[0]?.keyId as string, keys[0]?.secret as { base64url: string }));
    expect(derived()).toBe(afterThree + 1); // a was forgotten
    const none = countingHashes();
    const uncached = issuerWith({ hashes: none.hashes, cacheSize: 0 });
    const key = uncached.issue('a');
    for (let i = 0; i < 3; i++) await verifierFor(uncached).verify(signed(key.keyId, key.secret));
    expect(none.derived()).toBe(4);
  });

  it('checks revocation and expiry of a remembered key on every request', async () => {
    let revokedAt: number | undefined;
    let clock = NOW + 20;
    const issuer = issuerWith({ ttlSeconds: 60, revokedBefore: () => revokedAt });
    const verifier = verifierFor(issuer, () => clock);
    const { keyId, secret } = issuer.issue('user-8412');
    await verifier.verify(signed(keyId, secret));
    revokedAt = NOW + 1;
    await expect(verifier.verify(signed(keyId, secret))).rejects.toMatchObject({ code: 'KEY_REVOKED' });
    revokedAt = undefined;
    clock = NOW + 60;
    await expect(verifier.verify(signed(keyId, secret, { created: NOW + 59 }))).rejects.toMatchObject({ code: 'KEY_RETIRED' });
  });
});
