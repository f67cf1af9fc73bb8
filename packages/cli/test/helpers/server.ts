// A real API for the commands to call: node:http + @signwire/server's node adapter, verifying with the
// tests' key and the origin it listens on, recording what it verified.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type VerifiedRequest, type Verifier } from '@signwire/server';
import { sendRejection, signResponses, verifyIncomingMessage } from '@signwire/server/node';
import { KEY_ID, SECRET } from './cli.js';

export interface TestApi {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** What the verifier accepted, in order. */
  readonly verified: VerifiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the API. Every path verifies; `/status/NNN` then answers NNN; anything else answers 200 with
 * `{ keyId, method, path, body }` (body as text).
 * @param options `signResponses`: sign answers (and time rejections) as docs/spec.md §15.1; `now`: the verifier's clock.
 */
export async function startTestApi(options: { signResponses?: boolean; now?: () => number } = {}): Promise<TestApi> {
  const verified: VerifiedRequest[] = [];
  let verifier: Verifier | undefined;
  const server = createServer((req, res) => {
    handle(req, res, verifier as Verifier, verified, options.signResponses === true).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verifier = createVerifier({
    keys: { [KEY_ID]: { base64: SECRET } },
    publicOrigin: origin,
    signResponses: options.signResponses === true,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    origin,
    verified,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, verifier: Verifier, log: VerifiedRequest[], sign: boolean): Promise<void> {
  let request: VerifiedRequest;
  try {
    request = await verifyIncomingMessage(verifier, req);
  } catch (error) {
    if (!sendRejection(verifier, res, error)) throw error;
    return;
  }
  log.push(request);
  if (sign) signResponses(verifier, request, res, true);
  const status = /^\/status\/(\d{3})$/.exec(req.url ?? '')?.[1];
  res.writeHead(status === undefined ? 200 : Number(status), { 'content-type': 'application/json', 'x-test': 'yes' });
  res.end(JSON.stringify({ keyId: request.keyId, method: req.method, path: req.url, body: new TextDecoder().decode(request.body) }));
}
