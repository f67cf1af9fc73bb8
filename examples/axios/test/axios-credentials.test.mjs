// signAxios with a credentials signer (issued keys) and the real axios, against a real server: a
// key the server refuses (KEY_REVOKED) is dropped, new credentials are fetched and the request is
// sent once more inside the adapter, never twice.
import { createSigner } from '@signwire/client';
import { signAxios } from '@signwire/client/axios';
import { credentialsFrom } from '@signwire/client/credentials';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIssuedKeysApi } from './issued-keys-api.mjs';

let api;
beforeEach(async () => {
  api = await startIssuedKeysApi();
});
afterEach(() => api?.close());

describe.each(['http', 'fetch'])('signAxios with credentials, %s adapter', (adapter) => {
  const instance = () =>
    signAxios(axios.create({ baseURL: api.base, adapter }), createSigner({ credentials: credentialsFrom(api.credentials) }));

  it('after "log out everywhere", drops the refused key, fetches a new one and sends the request once more', async () => {
    const client = instance();
    const first = await client.post('/api/orders', { qty: 1 });
    expect(first.data.userId).toBe('user-8412');
    api.revokeAll();
    const second = await client.post('/api/orders', { qty: 2 });
    expect(second.status).toBe(200);
    expect(second.data.keyId).not.toBe(first.data.keyId);
    expect(api.codes).toEqual(['KEY_REVOKED']);
    expect(api.counts()).toEqual({ sent: 3, issued: 2 });
    await client.get('/api/me');
    expect(api.counts()).toEqual({ sent: 4, issued: 2 }); // the new key is kept
  });

  it('retries once only: a key refused again is answered with the second 401', async () => {
    const client = instance();
    await client.get('/api/me');
    api.suspend(); // every new key is refused too
    const failure = await client.get('/api/me').catch((error) => error);
    expect(failure.response?.status).toBe(401);
    expect(api.codes).toEqual(['KEY_REVOKED', 'KEY_REVOKED']);
    expect(api.counts()).toEqual({ sent: 3, issued: 2 });
  });

  it('with validateStatus accepting 401, still retries the refused key once', async () => {
    const client = instance();
    await client.get('/api/me');
    api.revokeAll();
    const response = await client.get('/api/me', { validateStatus: () => true });
    expect(response.status).toBe(200);
    expect(api.counts()).toEqual({ sent: 3, issued: 2 });
  });
});
