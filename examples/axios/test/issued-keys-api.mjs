// A real HTTP server that verifies issued keys (createKeyIssuer + createVerifier), with revocation
// the test controls, and a credentials source that counts the keys it fetched.
import { once } from 'node:events';
import { serve } from '@hono/node-server';
import { createKeyIssuer, createVerifier, isSignwireError } from '@signwire/server';

/** @returns {Promise<{ base: string, credentials: () => object, revokeAll: () => void, suspend: () => void, counts: () => { sent: number, issued: number }, codes: string[], close: () => Promise<void> }>} */
export async function startIssuedKeysApi() {
  let issuerClock = Math.floor(Date.now() / 1000);
  let revokedBefore;
  let sent = 0;
  let issued = 0;
  const codes = [];
  const issuer = createKeyIssuer({
    masterKeys: { m2026: { base64: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=' } },
    currentMaster: 'm2026',
    now: () => issuerClock,
    revokedBefore: async () => revokedBefore,
  });
  let verifier;
  const server = serve({
    fetch: async (request) => {
      sent += 1;
      try {
        const verified = await verifier.verify(request);
        return Response.json({ userId: verified.subject, keyId: verified.keyId });
      } catch (error) {
        if (!isSignwireError(error)) throw error;
        codes.push(error.code);
        return verifier.errorResponse(error);
      }
    },
    port: 0,
    hostname: '127.0.0.1',
  });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  verifier = createVerifier({ keys: issuer, publicOrigin: base, log: false });
  return {
    base,
    codes,
    /** What the issuing route answers, counted. */
    credentials: () => {
      issued += 1;
      return issuer.issue('user-8412');
    },
    /** "Log out everywhere": keys issued so far are refused (KEY_REVOKED); later ones are accepted. */
    revokeAll: () => {
      revokedBefore = Math.floor(Date.now() / 1000) + 1;
      issuerClock = revokedBefore;
    },
    /** A suspension: every key, old or new, is refused for an hour (KEY_REVOKED). */
    suspend: () => {
      revokedBefore = Math.floor(Date.now() / 1000) + 3600;
    },
    counts: () => ({ sent, issued }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
