// docs/keys.md — secrets, rotation, issued keys for browsers.
import { randomBytes } from 'node:crypto';
import { createSignedFetch, createSigner } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';
import { importSecret } from '@signwire/core';
import { createKeyIssuer, createVerifier, type KeyInput } from '@signwire/server';
import { keyIssuingRoute, signwire } from '@signwire/server/express';
import express from 'express';

/** A new secret: 32 random bytes (256 bits), stored as base64. */
export function newSecret(): string {
  return randomBytes(32).toString('base64');
}

/** Secrets are bytes or text in a declared encoding; a bare string is refused (KEY_INVALID). */
export const key = importSecret({ base64: newSecret() });
console.log(String(key)); // HmacKey(32 bytes) — a key never prints its bytes

/** Rotation with a fixed ring: old and new keys valid at once, each with its window. */
export const rotatingVerifier = createVerifier({
  publicOrigin: 'https://api.example.com',
  keys: new Map<string, KeyInput>([
    ['client-2025', { secret: { base64: process.env.OLD_SECRET ?? '' }, notAfter: 1_767_225_600 }], // KEY_RETIRED from then on
    ['client-2026', { secret: { base64: process.env.NEW_SECRET ?? '' }, notBefore: 1_764_547_200 }], // KEY_NOT_YET_VALID before
    ['leaked-1', { secret: { base64: process.env.LEAKED_SECRET ?? '' }, retired: true }], // always KEY_RETIRED
  ]),
});

/** Rotation with a resolver: keys looked up per request (sync or async), e.g. from a database. */
interface KeyRow {
  secretBase64: string;
  notBefore: number | null;
  notAfter: number | null;
  revoked: boolean;
}
declare const db: { findKey(keyId: string): Promise<KeyRow | undefined> };

export const dbVerifier = createVerifier({
  publicOrigin: 'https://api.example.com',
  keys: async (keyId) => {
    const row = await db.findKey(keyId); // errors propagate: the request fails closed (500)
    if (row === undefined) return undefined; // KEY_UNKNOWN
    return {
      secret: { base64: row.secretBase64 },
      notBefore: row.notBefore ?? undefined,
      notAfter: row.notAfter ?? undefined,
      retired: row.revoked,
    };
  },
});

// Keys for browsers: issued per user, short-lived, derived from a master secret that never leaves
// the server (spec §16). Nothing is stored per key.
declare const sessions: {
  userIdOf(req: express.Request): string | undefined;
  revokedBefore(userId: string): Promise<number | undefined>;
};

export const issuer = createKeyIssuer({
  masterKeys: {
    m2026: { base64: process.env.SIGNWIRE_MASTER_2026 ?? '' }, // current
    m2025: { secret: { base64: process.env.SIGNWIRE_MASTER_2025 ?? '' } }, // previous: its keys verify until they expire
  },
  currentMaster: 'm2026',
  ttlSeconds: 900, // each key: 15 minutes
  revokedBefore: (userId) => sessions.revokedBefore(userId), // "log out everywhere": KEY_REVOKED
});

/**
 * Service key ids: the static keys of services (no user), named by their key id. A user id is never
 * one of them: users sign with issued keys, and are known by the key's subject.
 */
const serviceKeys = { 'billing-job': { base64: process.env.BILLING_JOB_SECRET ?? '' } };
/** The service key ids allowed to place orders. */
const servicesThatOrder = new Set(['billing-job']);

/** Browsers with issued keys (users) and a batch job with a static key (a service), in one verifier. */
const apiVerifier = createVerifier({
  publicOrigin: 'https://app.example.com',
  keys: [issuer, serviceKeys],
});

const app = express();
// The page's key route: the session cookie authenticates it; 401 without a session; Cache-Control: no-store.
app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: (req) => sessions.userIdOf(req) }));
app.use('/api', signwire(apiVerifier));
app.post('/api/orders', (req, res) => {
  const verified = req.signwire;
  if (verified?.subject !== undefined) {
    // An issued key: its subject is the user id the key was issued to (keyId is swk1:…, not a user).
    res.status(201).json({ userId: verified.subject, order: req.body });
  } else if (verified !== undefined && servicesThatOrder.has(verified.keyId)) {
    // A static key: the caller is the service named by the key id; there is no user.
    res.status(201).json({ serviceKeyId: verified.keyId, order: req.body });
  } else {
    res.status(403).json({ error: 'not allowed to place orders' });
  }
});

/** The page: the signer fetches keys on first use, refreshes them before they expire, retries once on a refused key. */
export async function page(): Promise<void> {
  const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom('/session/signing-key') }));
  const response = await signedFetch.json('/api/orders', { item: 'book', qty: 2 });
  console.log(response.status); // 201; CREDENTIALS_UNAVAILABLE is thrown when nobody is logged in
}
