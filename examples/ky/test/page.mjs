// Runs in headless Chromium: signKy with ky (over the browser's fetch) against the page's origin.
import { createSigner } from '@signwire/client';
import { signKy } from '@signwire/client/ky';
import ky from 'ky';

async function run(secret) {
  const api = signKy(
    ky.create({ prefix: location.origin, retry: { limit: 2, delay: () => 0 } }),
    createSigner({ keyId: 'client-1', secret: { base64: secret } }),
  );
  const form = new FormData();
  form.set('title', 'Ada');
  form.set('file', new Blob([new Uint8Array([0, 255])], { type: 'application/octet-stream' }), 'a.bin');
  const cases = {
    json: () => api.post('api/orders', { json: { qty: 2, item: 'book', name: 'é' } }),
    text: () => api.post('api/text', { body: 'plain text', headers: { 'content-type': 'text/plain' } }),
    textWithoutType: () => api.post('api/text', { body: 'no type given' }),
    form: () => api.post('api/form', { body: new URLSearchParams({ q: 'a b', r: 'ä&=' }) }),
    formData: () => api.post('api/upload', { body: form }),
    blob: () => api.post('api/blob', { body: new Blob(['<a/>'], { type: 'application/xml' }) }),
    query: () => api.get('api/search', { searchParams: { q: 'a b', s: 'é/&' } }),
    retried: () => api.get('api/flaky/browser'),
    rejected: () => ky.post(`${location.origin}/api/orders`, { json: { qty: 2 }, throwHttpErrors: false }),
  };
  const results = {};
  for (const [name, send] of Object.entries(cases)) {
    try {
      const response = await send();
      results[name] = { status: response.status, data: await response.json() };
    } catch (error) {
      results[name] = { error: String(error), code: error?.code };
    }
  }
  return results;
}

globalThis.runSignwire = run;
