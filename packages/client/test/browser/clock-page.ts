// Runs inside headless Chromium: the built @signwire/client with @signwire/client/responses calls a
// cross-origin @signwire/server whose clock is 10 minutes ahead, and reports what happened.
import { createSignedFetch, createSigner, isSignwireError } from '@signwire/client';
import { verifySignedResponses } from '@signwire/client/responses';

interface Outcome {
  readonly name: string;
  readonly status?: number;
  readonly code?: string;
  readonly body?: unknown;
  readonly sent: number;
  readonly offset: number;
}

type Tamper = (response: Response) => Promise<Response>;

async function attempt(
  name: string,
  api: string,
  secretBase64: string,
  tamper?: Tamper,
  signer = makeSigner(secretBase64),
): Promise<Outcome> {
  let sent = 0;
  const signedFetch = createSignedFetch(signer, {
    fetch: async (request) => {
      sent += 1;
      const response = await fetch(request);
      return tamper === undefined ? response : tamper(response);
    },
    responses: verifySignedResponses({ secret: { base64: secretBase64 } }),
  });
  try {
    const response = await signedFetch(`${api}/orders/${name}?n=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: `order ${name}`,
    });
    return { name, status: response.status, body: await response.json(), sent, offset: signer.clockOffsetSeconds };
  } catch (error) {
    return { name, code: isSignwireError(error) ? error.code : String(error), sent, offset: signer.clockOffsetSeconds };
  }
}

function makeSigner(secretBase64: string) {
  return createSigner({ keyId: 'browser-1', secret: { base64: secretBase64 } });
}

async function rebuilt(response: Response, edit: (headers: Headers) => void): Promise<Response> {
  const headers = new Headers(response.headers);
  edit(headers);
  return new Response(await response.arrayBuffer(), { status: response.status, headers });
}

async function run(api: string, secretBase64: string): Promise<Outcome[]> {
  const shared = makeSigner(secretBase64);
  return [
    await attempt('first', api, secretBase64, undefined, shared),
    await attempt('second', api, secretBase64, undefined, shared),
    await attempt('forged-date', api, secretBase64, (r) =>
      rebuilt(r, (h) => {
        for (const name of ['signature', 'signature-input', 'content-digest']) h.delete(name);
        h.set('date', new Date(Date.now() + 600_000).toUTCString());
      }),
    ),
    await attempt('tampered-time', api, secretBase64, (r) =>
      rebuilt(r, (h) =>
        h.set(
          'signature-input',
          (h.get('signature-input') ?? '').replace(/created=(\d+)/, (_m, t) => `created=${Number(t) + 60}`),
        ),
      ),
    ),
  ];
}

(globalThis as { runClock?: typeof run }).runClock = run;
