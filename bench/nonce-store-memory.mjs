// node --expose-gc bench/nonce-store-memory.mjs [requests]: the heap each accepted request leaves in
// the verifier's in-memory replay store for the replay window, end to end (signed requests through
// verifier.verifyMessage, the keys built from the parsed Signature-Input as in production), and
// how long a full GC takes with that store alive. See docs/replay.md for what the figures mean.
import { KEY, KEY_ID, REQUESTS } from './lib/fixtures.mjs';
import { loadSignwire } from './lib/signwire.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const requests = Number(process.argv.slice(2).find((arg) => arg !== '--') ?? 100_000);
const sw = await loadSignwire();
const { url, bodyText } = REQUESTS.post1k;
const origin = new URL(url).origin;
const target = url.slice(origin.length);
const headers = { 'content-type': 'application/json' };
const signer = sw.createSigner({ keyId: KEY_ID, secret: KEY, hashes: sw.nodeHashes });
const body = new TextEncoder().encode(bodyText);

const fullGcMs = () => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    gc();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2];
};

const store = sw.createMemoryNonceStore({ maxEntries: requests });
const verifier = sw.createVerifier({ keys: { [KEY_ID]: KEY }, publicOrigin: origin, nonceStore: store, log: false });
const emptyGcMs = fullGcMs();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < requests; i++) {
  const signed = Object.entries({ ...headers, ...signer.signSync({ method: 'POST', url, headers, body: bodyText }) });
  await verifier.verifyMessage({ method: 'POST', requestTarget: target, headers: signed, body, scheme: 'https' });
}
const gcMs = fullGcMs();
const retained = (process.memoryUsage().heapUsed - before) / requests;
console.log(`${store.size} accepted requests: ${retained.toFixed(1)} B retained per request`);
console.log(`full GC: ${gcMs.toFixed(1)} ms with the store, ${emptyGcMs.toFixed(1)} ms before`);
