// Runs inside headless Chromium: the built @signwire/client (bundled by esbuild) signs a form
// submission as an app would, from the page's own <form> element: once as FormData (multipart, with
// the file the user picked) and once as URLSearchParams (its text fields).
import { createSignedFetch, createSigner } from '@signwire/client';

/** What the page records for each submission. */
interface Sent {
  readonly status: number;
  readonly body: unknown;
}

function prepareForms(secretBase64: string): void {
  const signedFetch = createSignedFetch(createSigner({ keyId: 'browser-1', secret: { base64: secretBase64 } }));
  const form = document.querySelector('form') as HTMLFormElement;
  const output = document.querySelector('output') as HTMLOutputElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const send = async (url: string, body: BodyInit): Promise<Sent> => {
      const response = await signedFetch(url, { method: 'POST', body });
      return { status: response.status, body: await response.json() };
    };
    const multipart = await send('/api/uploads', new FormData(form));
    const fields = new URLSearchParams();
    new FormData(form).forEach((value, name) => {
      if (typeof value === 'string') fields.append(name, value);
    });
    const urlencoded = await send('/api/fields', fields);
    output.textContent = JSON.stringify({ multipart, urlencoded });
  });
  (document.querySelector('button') as HTMLButtonElement).disabled = false;
}

(globalThis as { prepareForms?: typeof prepareForms }).prepareForms = prepareForms;
