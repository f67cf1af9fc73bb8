// node bench/express-variants.mjs [requests per run] [rounds]: where the Express verifier's cost goes.
// Serves the bench's Express app in this process in several variants, each driven over HTTP on
// 127.0.0.1 (8 keep-alive connections, requests signed beforehand), and prints the CPU time per
// request (HTTP client and server together) each variant adds to `express.json()`: the median over
// rounds of ABBA quadruples (plain, variant, variant, plain), so that a slow phase hits both.
//   floor stub      reads the body, SHA-256 of it, one HMAC (a prepared key), JSON.parse: the work no
//                   verifier can skip
//   core checks     core's parseFraming, parseSignature and verifyMac run synchronously, then JSON.parse
//   verifyMessage   the verifier on the body bytes (replay store, promises, the parsed JSON)
//   adapter         the Express middleware as shipped (reads the body itself)
// The numbers move by ±20 µs between runs on a 2-core machine; compare variants within one run.

import express from 'express';
import { createDriver } from './lib/express-loop.mjs';
import { KEY, KEY_ID } from './lib/fixtures.mjs';
import { median } from './lib/paired.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const [requests = 800, rounds = 8] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .map(Number);
const sw = await loadSignwire();
const { core } = sw;
const decoder = new TextDecoder('utf-8', { fatal: true });
const handler = (req, res) => res.json({ ok: true, items: req.body.items.length, by: req.signwire?.keyId ?? null });

/** Starts an app whose route runs `middleware(origin)`; resolves to its port. */
function start(middleware) {
  return new Promise((resolve) => {
    const app = express();
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      app.post('/v1/orders', middleware(`http://127.0.0.1:${port}`), handler);
      resolve(port);
    });
    server.keepAliveTimeout = 0; // the client's idle sockets stay usable between rounds
  });
}

/** A middleware that reads the body, then runs `use(req, bytes, origin)` and calls next(). */
const afterBody = (use) => (origin) => (req, _res, next) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const buffer = Buffer.concat(chunks);
    use(req, new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length), origin);
    Promise.resolve().then(next);
  });
};
const fieldLines = (req) => {
  const lines = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return lines;
};

const prepared = sw.nodeHashes.hmacSha256WithKey(new Uint8Array(KEY));
const baseSized = new Uint8Array(408).fill(0x61);
const policy = core.resolvePolicy({});
const cache = core.createVerificationCache();
const key = core.importSecret(KEY);
const verifierFor = (origin) => sw.createVerifier({ keys: { [KEY_ID]: KEY }, publicOrigin: origin, log: false });

const ports = {
  plain: await start(() => express.json()),
  'floor stub': await start(
    afterBody((req, body) => {
      sw.nodeHashes.sha256(body);
      prepared(baseSized);
      req.body = JSON.parse(decoder.decode(body));
    }),
  ),
  'core checks': await start(
    afterBody((req, body, origin) => {
      const fields = core.toFieldLines(fieldLines(req));
      core.checkBodyLength(body, core.parseFraming(fields, policy), policy);
      const now = Math.floor(Date.now() / 1000);
      const pending = core.parseSignature({ method: req.method, url: origin + req.url, headers: fields }, body, policy, now, {
        cache,
        fields,
      });
      core.verifyMac(pending, key, sw.nodeHashes, cache);
      req.body = JSON.parse(decoder.decode(body));
    }),
  ),
  verifyMessage: await start((origin) => {
    const verifier = verifierFor(origin);
    return (req, _res, next) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const buffer = Buffer.concat(chunks);
        const body = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
        verifier
          .verifyMessage({ method: req.method, requestTarget: req.url, headers: fieldLines(req), body, scheme: 'http' })
          .then((verified) => {
            req.body = verified.json;
            next();
          }, next);
      });
    };
  }),
  adapter: await start((origin) => sw.expressSignwire(verifierFor(origin))),
};

const { presign, drive } = createDriver(sw);
const run = (name) => drive(ports[name], presign(ports[name], requests));

for (const name of Object.keys(ports)) await drive(ports[name], presign(ports[name], 2000)); // warm-up
const variants = Object.keys(ports).filter((n) => n !== 'plain');
const added = Object.fromEntries(variants.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of variants) {
    const p1 = await run('plain');
    const v1 = await run(name);
    const v2 = await run(name);
    const p2 = await run('plain');
    added[name].push({ added: (v1 + v2 - p1 - p2) / 2, plain: (p1 + p2) / 2 });
  }
}
console.log(`CPU µs per request added to express.json() (median of ${rounds} ABBA rounds of ${requests} requests):`);
for (const [name, rows] of Object.entries(added)) {
  const plain = median(rows.map((r) => r.plain));
  console.log(
    `  ${name.padEnd(14)} ${median(rows.map((r) => r.added))
      .toFixed(1)
      .padStart(7)}   (express.json(): ${plain.toFixed(1)})`,
  );
}
process.exit(0);
