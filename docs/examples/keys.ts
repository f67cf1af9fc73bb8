// docs/keys.md — secrets, rotation, per-user short-lived keys for browsers.
import { createHmac, randomBytes } from 'node:crypto';
import { importSecret, KEY_ID_PATTERN } from '@signwire/core';
import { createVerifier, type KeyInput } from '@signwire/server';
import { signwire } from '@signwire/server/express';
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

// Per-user short-lived keys for browsers, derived from a master secret that never leaves the server.
//   keyid  = "u:" + userId + ":" + expiryUnixSeconds
//   secret = HMAC-SHA256(masterSecret, UTF-8(keyid))
const MASTER_SECRETS = [Buffer.from(process.env.MASTER_SECRET ?? '', 'base64')]; // [current, previous…]
const KEY_LIFETIME_SECONDS = 3600;

function deriveUserSecret(master: Buffer, keyId: string): Buffer {
  return createHmac('sha256', master).update(keyId, 'utf8').digest();
}

/** Issuing: after the user logged in (session cookie), hand the page its key. */
export function issueKey(userId: string, now = Math.floor(Date.now() / 1000)): { keyId: string; secret: string; expires: number } {
  const expires = now + KEY_LIFETIME_SECONDS;
  const keyId = `u:${userId}:${expires}`;
  if (!KEY_ID_PATTERN.test(keyId)) throw new Error('user ids must fit the key id syntax');
  const master = MASTER_SECRETS[0];
  if (master === undefined) throw new Error('no master secret');
  return { keyId, secret: deriveUserSecret(master, keyId).toString('base64url'), expires };
}

/** Resolving: parse the key id, re-derive the secret; no storage. */
const userVerifier = createVerifier({
  publicOrigin: 'https://api.example.com',
  maxAgeSeconds: 60,
  keys: (keyId) => {
    const match = /^u:([A-Za-z0-9_-]{1,64}):(\d{1,12})$/.exec(keyId);
    if (match === null) return undefined; // KEY_UNKNOWN
    const notAfter = Number(match[2]);
    const master = MASTER_SECRETS[0];
    if (master === undefined) return undefined;
    return { secret: new Uint8Array(deriveUserSecret(master, keyId)), notAfter }; // KEY_RETIRED once now >= notAfter
  },
});

declare function requireLogin(req: express.Request, res: express.Response, next: express.NextFunction): void;
declare function sessionUserId(req: express.Request): string;

const app = express();
app.get('/session/signing-key', requireLogin, (req, res) => {
  res.set('cache-control', 'no-store').json(issueKey(sessionUserId(req)));
});
app.use(signwire(userVerifier));
app.post('/api/orders', requireLogin, (req, res) => {
  // The key proves which user signed; the session proves who is logged in. They must agree.
  const signer = req.signwire?.keyId.split(':')[1];
  if (signer !== sessionUserId(req)) {
    res.status(403).json({ error: { code: 'FORBIDDEN', message: 'signed by another user' } });
    return;
  }
  res.status(201).json({ order: req.body });
});
