'use client';
// The browser side: a session key from the backend, createSignedFetch, and a plain fetch for contrast.
import { createSignedFetch, createSigner } from '@signwire/client';
import { useState } from 'react';

async function signedFetchForSession(): Promise<ReturnType<typeof createSignedFetch>> {
  const { keyId, secret } = (await (await fetch('/api/session', { method: 'POST' })).json()) as { keyId: string; secret: string };
  return createSignedFetch(createSigner({ keyId, secret: { base64url: secret } }));
}

export function OrderForm() {
  const [result, setResult] = useState('');
  const [plain, setPlain] = useState('');

  async function placeOrder(): Promise<void> {
    const signedFetch = await signedFetchForSession();
    const response = await signedFetch.json('/api/orders', { item: 'book', qty: 2 });
    setResult(`${response.status} ${await response.text()}`);
  }

  async function placeUnsignedOrder(): Promise<void> {
    const response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"item":"book","qty":2}',
    });
    setPlain(`${response.status} ${await response.text()}`);
  }

  return (
    <section>
      <button type="button" id="signed" onClick={() => void placeOrder()}>
        Place a signed order
      </button>
      <output id="signed-result">{result}</output>
      <button type="button" id="unsigned" onClick={() => void placeUnsignedOrder()}>
        Place an unsigned order
      </button>
      <output id="unsigned-result">{plain}</output>
    </section>
  );
}
