// One Express app, started with or without the Signwire middleware: argv[2] is 'plain' or
// 'signwire', argv[3] the base64 key. It prints its port on stdout, then serves until killed. Both
// variants parse the JSON body and answer the same JSON, so the difference is what verifying costs.
import express from 'express';

const [mode, keyBase64] = process.argv.slice(2);
const { createVerifier, expressSignwire } = await import(new URL('../.cache/signwire.mjs', import.meta.url).href);
const handler = (req, res) => res.json({ ok: true, items: req.body.items.length, by: req.signwire?.keyId ?? null });

const app = express();
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (mode === 'signwire') {
    const verifier = createVerifier({ keys: { 'client-1': Buffer.from(keyBase64, 'base64') }, publicOrigin: `http://127.0.0.1:${port}` });
    app.post('/v1/orders', expressSignwire(verifier), handler);
  } else {
    app.post('/v1/orders', express.json(), handler);
  }
  process.stdout.write(`${port}\n`);
});
