// Requests per second of the same Express app with and without the verifier, on loopback, with
// autocannon. Every request is freshly signed in both runs (the plain app ignores the headers), so
// the load generator does the same work either way and the replay store sees a new nonce each time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { KEY, KEY_ID } from './fixtures.mjs';

async function startApp(mode) {
  const child = spawn(
    process.execPath,
    [new URL('./express-app.mjs', import.meta.url).pathname, mode, Buffer.from(KEY).toString('base64')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = await once(child.stdout, 'data');
  return { child, port: Number(String(chunk).trim()) };
}

async function load(mode, seconds, body, createSigner) {
  const { child, port } = await startApp(mode);
  try {
    const url = `http://127.0.0.1:${port}/v1/orders?region=eu&dry_run=false`;
    const signer = createSigner({ keyId: KEY_ID, secret: KEY });
    const headers = { 'content-type': 'application/json' };
    const sign = (request) => ({ ...request, headers: { ...headers, ...signer.signSync({ method: 'POST', url, headers, body }) } });
    const options = { url, method: 'POST', body, connections: 8, requests: [{ setupRequest: sign }] };
    await autocannon({ ...options, duration: Math.min(1, seconds) }); // warm-up: JIT, connections
    const result = await autocannon({ ...options, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${mode}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return { rps: result.requests.average, requests: result.requests.total, latencyP99Ms: result.latency.p99 };
  } finally {
    child.kill();
  }
}

/**
 * @param {{ seconds: number, rounds: number, body: string, createSigner: Function }} options
 * @returns {Promise<{ plain: object, signwire: object, ratio: number }>} the best round of each, and their ratio.
 */
export async function expressThroughput({ seconds, rounds, body, createSigner }) {
  let plain;
  let signwire;
  for (let round = 0; round < rounds; round++) {
    const p = await load('plain', seconds, body, createSigner);
    const s = await load('signwire', seconds, body, createSigner);
    if (plain === undefined || p.rps > plain.rps) plain = p;
    if (signwire === undefined || s.rps > signwire.rps) signwire = s;
  }
  return { plain, signwire, ratio: signwire.rps / plain.rps };
}
