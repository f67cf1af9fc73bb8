// The server side, shared by the route handlers: short-lived per-session signing keys (docs/keys.md)
// and the verifier that looks them up (with its replay store). Kept on globalThis, so that a reload of
// this module in `next dev` keeps the keys it issued and the nonces it has seen.
import { createVerifier, type Verifier } from '@signwire/server';

/** A session key lives this long; the browser asks for a new one after it. */
const KEY_LIFETIME_MS = 15 * 60 * 1000;

interface SessionKey {
  readonly secret: string;
  readonly expiresAt: number;
}

interface Signwire {
  readonly keys: Map<string, SessionKey>;
  readonly verifier: Verifier;
}

function create(): Signwire {
  const keys = new Map<string, SessionKey>();
  const verifier = createVerifier({
    // Only keys this server issued and that have not expired.
    keys: (keyId) => {
      const key = keys.get(keyId);
      return key !== undefined && key.expiresAt > Date.now() ? { base64url: key.secret } : undefined;
    },
    publicOrigin: process.env.PUBLIC_ORIGIN ?? 'http://localhost:3000', // the origin the browser signs
  });
  return { keys, verifier };
}

const holder = globalThis as typeof globalThis & { signwireExample?: Signwire };
if (holder.signwireExample === undefined) holder.signwireExample = create();
const signwire: Signwire = holder.signwireExample;

/** The app's verifier. */
export const verifier: Verifier = signwire.verifier;

/**
 * Issues a key for one browser session. A real app does this only for an authenticated user, and
 * ties the key id to that user.
 */
export function issueSessionKey(): { keyId: string; secret: string; expiresAt: number } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  const keyId = `session-${crypto.randomUUID()}`;
  const expiresAt = Date.now() + KEY_LIFETIME_MS;
  signwire.keys.set(keyId, { secret, expiresAt });
  return { keyId, secret, expiresAt };
}
