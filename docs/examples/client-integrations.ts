// docs/axios.md and docs/ky.md — signing the requests of axios and ky (type-checked against both).
import { createSigner, isSignwireError } from '@signwire/client';
import { signAxios } from '@signwire/client/axios';
import { signKy } from '@signwire/client/ky';
import axios, { AxiosError } from 'axios';
import ky, { HTTPError } from 'ky';

const signer = createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET! } });

/** axios: every request of the instance is signed over the bytes axios sends. */
export async function withAxios(): Promise<unknown> {
  const api = signAxios(axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 }), signer);
  try {
    const response = await api.post<{ by: string }>('/api/orders', { qty: 2, item: 'book' });
    return response.data.by;
  } catch (error) {
    if (isSignwireError(error)) throw error; // not signable (a stream body), nothing was sent
    if (error instanceof AxiosError) return error.response?.data; // { error: { code, message } }
    throw error;
  }
}

/** ky: every request of the instance is signed, each retry afresh. */
export async function withKy(): Promise<unknown> {
  const api = signKy(ky.create({ prefix: 'https://api.example.com', retry: 2 }), signer);
  try {
    return await api.post('api/orders', { json: { qty: 2, item: 'book' } }).json<{ by: string }>();
  } catch (error) {
    if (error instanceof HTTPError) return error.data; // { error: { code, message } }
    throw error;
  }
}
