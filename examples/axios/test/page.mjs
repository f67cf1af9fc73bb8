// Runs in headless Chromium: signAxios with axios' browser adapters (XHR and fetch), against the
// page's own origin (relative URLs resolve against location, as axios' adapters resolve them).
import { createSigner } from '@signwire/client';
import { signAxios } from '@signwire/client/axios';
import axios from 'axios';

async function run(secret) {
  const results = {};
  for (const adapter of ['xhr', 'fetch']) {
    const api = signAxios(axios.create({ adapter }), createSigner({ keyId: 'client-1', secret: { base64: secret } }));
    const form = new FormData();
    form.set('title', 'Ada');
    form.set('file', new Blob([new Uint8Array([0, 255])], { type: 'application/octet-stream' }), 'a.bin');
    const cases = {
      json: () => api.post('/api/orders', { qty: 2, item: 'book', name: 'é' }),
      text: () => api.post('/api/text', 'plain text', { headers: { 'content-type': 'text/plain' } }),
      textWithoutType: () => api.post('/api/text', 'no type given'),
      form: () => api.post('/api/form', new URLSearchParams({ q: 'a b', r: 'ä&=' })),
      formData: () => api.post('/api/upload', form),
      blob: () => api.post('/api/blob', new Blob(['<a/>'], { type: 'application/xml' })),
      query: () => api.get('/api/search', { params: { q: 'a b', s: 'é/&' } }),
      transformed: () =>
        api.post('/api/t', 'x', { headers: { 'content-type': 'text/plain' }, transformRequest: [(d) => `${d}-transformed`] }),
      rejected: () => axios.post('/api/orders', { qty: 2 }, { adapter }).catch((error) => error.response),
    };
    for (const [name, send] of Object.entries(cases)) {
      try {
        const response = await send();
        results[`${adapter}:${name}`] = { status: response.status, data: response.data };
      } catch (error) {
        results[`${adapter}:${name}`] = { error: String(error), code: error?.code };
      }
    }
  }
  return results;
}

globalThis.runSignwire = run;
