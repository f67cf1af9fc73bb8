// signKy with a credentials signer (issued keys) and the real ky 1 and 2, against a real server: a
// key the server refuses (KEY_REVOKED) is dropped, so the next request is signed with new
// credentials. The refused call itself fails with ky's HTTPError: signKy does not resend it.
import { createSigner } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';
import { signKy } from '@signwire/client/ky';
import ky from 'ky';
import ky1 from 'ky1';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIssuedKeysApi } from './issued-keys-api.mjs';

let api;
beforeEach(async () => {
  api = await startIssuedKeysApi();
});
afterEach(() => api?.close());

describe.each([
  ['ky 2', ky, 'prefix'],
  ['ky 1', ky1, 'prefixUrl'],
])('signKy with credentials, %s', (_name, kyVersion, prefixOption) => {
  const instance = (options = {}) =>
    signKy(kyVersion.create({ [prefixOption]: api.base, ...options }), createSigner({ credentials: credentialsFrom(api.credentials) }));

  it('after "log out everywhere", drops the refused key: that call fails with 401, the next is signed with a new key', async () => {
    const client = instance();
    const first = await client.post('api/orders', { json: { qty: 1 } }).json();
    expect(first.userId).toBe('user-8412');
    api.revokeAll();
    const refused = await client
      .post('api/orders', { json: { qty: 2 } })
      .json()
      .catch((error) => error);
    expect(refused.name).toBe('HTTPError');
    expect(refused.response.status).toBe(401);
    expect(api.codes).toEqual(['KEY_REVOKED']);
    const next = await client.post('api/orders', { json: { qty: 2 } }).json();
    expect(next.userId).toBe('user-8412');
    expect(next.keyId).not.toBe(first.keyId);
    expect(api.counts()).toEqual({ sent: 3, issued: 2 });
  });

  it('keeps a key the server accepts', async () => {
    const client = instance({ retry: 0 });
    await client.get('api/me').json();
    await client.get('api/me').json();
    expect(api.counts()).toEqual({ sent: 2, issued: 1 });
  });
});
