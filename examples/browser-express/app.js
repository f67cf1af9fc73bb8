// The page's script: get a short-lived key, then sign every API call with it.
import { createSignedFetch, createSigner } from '@signwire/client';

const { keyId, secret } = await (await fetch('/session/signing-key', { credentials: 'include' })).json();
const signedFetch = createSignedFetch(createSigner({ keyId, secret: { base64url: secret } }));

document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await signedFetch.json('/api/orders', { item: form.get('item'), qty: Number(form.get('qty')) });
  document.querySelector('output').textContent = `${response.status} ${await response.text()}`;
});
document.querySelector('button').disabled = false; // ready: the key is here
