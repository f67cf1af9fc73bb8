// Calls the API twice: signed with @signwire/client (accepted), then unsigned (rejected).
import { createSignedFetch, createSigner } from '@signwire/client';

const api = process.env.API_URL ?? 'http://localhost:3000';
const signer = createSigner({ keyId: 'client-1', secret: { base64: process.env.SIGNWIRE_SECRET } });
const signedFetch = createSignedFetch(signer);

const signed = await signedFetch.json(`${api}/api/orders`, { item: 'book', qty: 2 }); // POST, RFC 8785 JSON
console.log('signed:  ', signed.status, await signed.text());

const unsigned = await fetch(`${api}/api/orders`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"item":"book","qty":2}',
});
console.log('unsigned:', unsigned.status, await unsigned.text());
