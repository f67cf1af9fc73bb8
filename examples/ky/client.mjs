// Calls the API with ky: signed by signKy (accepted), then with a plain ky (rejected).
import { createSigner } from '@signwire/client';
import { signKy } from '@signwire/client/ky';
import ky from 'ky';

const prefix = process.env.API_URL ?? 'http://localhost:3000';
const signer = createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET } });
const api = signKy(ky.create({ prefix }), signer);

const signed = await api.post('api/orders', { json: { qty: 2, item: 'book' } }).json(); // RFC 8785 JSON, signed
console.log('signed:  ', 200, JSON.stringify({ by: signed.by, body: signed.body }));

const unsigned = await ky.post(`${prefix}/api/orders`, { json: { qty: 2, item: 'book' }, throwHttpErrors: false });
console.log('unsigned:', unsigned.status, await unsigned.text());
