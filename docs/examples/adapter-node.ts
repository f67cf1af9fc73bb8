// docs/adapters/node.md — node:http, complete.
import http from 'node:http';
import { createVerifier, isSignwireError, readFormData } from '@signwire/server';
import { fromIncomingMessage, sendRejection, verifyIncomingMessage } from '@signwire/server/node';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: 'https://api.example.com',
});

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200).end('ok'); // unsigned route: the application decides, before the verifier runs
    return;
  }
  try {
    const verified = await verifyIncomingMessage(verifier, req);
    // verified.body: the exact bytes received; verified.json: parsed once, when Content-Type is JSON.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ by: verified.keyId, order: verified.json }));
  } catch (error) {
    // Signwire rejections → { error: { code, message } } with the code's status; anything else
    // (a key resolver outage) is yours to answer.
    if (!sendRejection(verifier, res, error)) {
      console.error(error);
      res.writeHead(500).end();
    }
  }
});
server.listen(3000);

/** Forms: verified.form holds a urlencoded body's fields; readFormData reads multipart (and urlencoded) bodies. */
export async function uploads(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const verified = await verifyIncomingMessage(verifier, req);
    const form = await readFormData(verified); // FORM_INVALID (400) for a body that is not a form
    const file = form.get('file');
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ title: form.get('title'), bytes: file instanceof File ? file.size : 0 }));
  } catch (error) {
    if (!sendRejection(verifier, res, error)) {
      console.error(error);
      res.writeHead(500).end();
    }
  }
}

/** The lower-level pair, when you need the message yourself (e.g. to log it first). */
export async function lowLevel(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const verified = await verifier.verifyMessage(fromIncomingMessage(req));
    res.end(verified.keyId);
  } catch (error) {
    if (isSignwireError(error))
      res.writeHead(error.status, { 'content-type': 'application/json' }).end(JSON.stringify(verifier.errorBody(error)));
    else throw error;
  }
}
