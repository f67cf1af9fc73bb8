// The page's script: sign every API call with short-lived keys the signer fetches and refreshes itself.
import { createSignedFetch, createSigner } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';

const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom('/session/signing-key') }));

document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await signedFetch.json('/api/orders', { item: form.get('item'), qty: Number(form.get('qty')) });
  document.querySelector('output').textContent = `${response.status} ${await response.text()}`;
});
document.querySelector('button').disabled = false;
