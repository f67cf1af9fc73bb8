// Calls the API with axios: signed by signAxios (accepted), then with a plain axios (rejected).
import { createSigner } from '@signwire/client';
import { signAxios } from '@signwire/client/axios';
import axios from 'axios';

const baseURL = process.env.API_URL ?? 'http://localhost:3000';
const signer = createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET } });
const api = signAxios(axios.create({ baseURL }), signer);

const signed = await api.post('/api/orders', { qty: 2, item: 'book' }); // sent as RFC 8785 JSON, signed
console.log('signed:  ', signed.status, JSON.stringify({ by: signed.data.by, body: signed.data.body }));

const unsigned = await axios.post(`${baseURL}/api/orders`, { qty: 2, item: 'book' }, { validateStatus: () => true });
console.log('unsigned:', unsigned.status, JSON.stringify(unsigned.data));
