// A credentials signer against @signwire/server's real issuer and verifier, in one process: keys
// from issuer.issue(), refused keys (expired by the server's clock, revoked) refreshed once and
// retried once, a suspended subject refused after exactly one retry.
import { describe, expect, it } from 'vitest';
import { createKeyIssuer, createVerifier, isSignwireError } from '../../server/src/index.js';
import { credentialsFrom } from '../src/credentials.js';
import { createSignedFetch, createSigner } from '../src/index.js';

const T = 1_700_000_000;
const ORIGIN = 'https://api.example.com';

function world(options: { ttlSeconds?: number } = {}) {
  const clock = { server: T, client: T * 1000 };
  const revoked = new Map<string, number>();
  const issuer = createKeyIssuer({
    masterKeys: { m2026: { base64: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=' } },
    currentMaster: 'm2026',
    ttlSeconds: options.ttlSeconds ?? 900,
    now: () => clock.server,
    revokedBefore: async (subject) => revoked.get(subject),
  });
  const verifier = createVerifier({ keys: issuer, publicOrigin: ORIGIN, now: () => clock.server, log: false });
  let sent = 0;
  let issued = 0;
  const api = async (request: Request): Promise<Response> => {
    sent++;
    try {
      const verified = await verifier.verify(request);
      return Response.json({ user: verified.subject });
    } catch (error) {
      if (isSignwireError(error)) return verifier.errorResponse(error);
      throw error;
    }
  };
  const signer = createSigner({
    credentials: credentialsFrom(() => {
      issued++;
      return issuer.issue('user-8412'); // what the issuing route answers
    }),
    now: () => clock.client,
  });
  const signedFetch = createSignedFetch(signer, { fetch: api });
  return { clock, revoked, signedFetch, counts: () => ({ sent, issued }) };
}

describe('credentials against the issuer and verifier of @signwire/server', () => {
  it('signs as the subject the key was issued to', async () => {
    const { signedFetch, counts } = world();
    const response = await signedFetch(`${ORIGIN}/v1/me`);
    expect(await response.json()).toEqual({ user: 'user-8412' });
    expect(counts()).toEqual({ sent: 1, issued: 1 });
  });

  it('a key the server finds expired (its clock is ahead) is refreshed and the request retried once', async () => {
    const { clock, signedFetch, counts } = world({ ttlSeconds: 60 });
    await signedFetch(`${ORIGIN}/v1/me`);
    clock.server = T + 60; // the server's clock says the key expired; the client's (T) does not
    clock.client = T * 1000 + 30_000;
    const response = await signedFetch(`${ORIGIN}/v1/me`);
    expect(response.status).toBe(200);
    expect(counts()).toEqual({ sent: 3, issued: 2 });
  });

  it('after "log out everywhere", the next call is retried once with a key issued after it, and succeeds', async () => {
    const { clock, revoked, signedFetch, counts } = world();
    await signedFetch(`${ORIGIN}/v1/me`);
    revoked.set('user-8412', T + 1);
    clock.server = T + 1;
    clock.client = (T + 1) * 1000;
    const response = await signedFetch(`${ORIGIN}/v1/me`);
    expect(response.status).toBe(200);
    expect(counts()).toEqual({ sent: 3, issued: 2 });
  });

  it('a suspended subject (revoked until later) fails with KEY_REVOKED after exactly one retry', async () => {
    const { revoked, signedFetch, counts } = world();
    await signedFetch(`${ORIGIN}/v1/me`);
    revoked.set('user-8412', T + 3600);
    const response = await signedFetch(`${ORIGIN}/v1/me`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'KEY_REVOKED' } });
    expect(counts()).toEqual({ sent: 3, issued: 2 });
  });
});
