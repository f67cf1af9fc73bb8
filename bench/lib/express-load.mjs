// Requests per second of the same Express app with and without the verifier, on loopback, with
// autocannon. Every request is freshly signed in both runs (the plain app ignores the headers), so
// the load generator does the same work either way and the replay store sees a new nonce each time.
// The two apps are loaded in turn, ABBA, and compared quadruple by quadruple (see paired.mjs).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { KEY, KEY_ID } from './fixtures.mjs';
import { interquartileRange, median } from './paired.mjs';

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

/** One autocannon run of `seconds` against an app already listening. */
async function load(app, mode, seconds, body, signer) {
  const url = `http://127.0.0.1:${app.port}/v1/orders?region=eu&dry_run=false`;
  const headers = { 'content-type': 'application/json' };
  const sign = (request) => ({ ...request, headers: { ...headers, ...signer.signSync({ method: 'POST', url, headers, body }) } });
  const result = await autocannon({ url, method: 'POST', body, connections: 8, duration: seconds, requests: [{ setupRequest: sign }] });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${mode}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.total / seconds, latencyP99Ms: result.latency.p99 };
}

/**
 * Both apps run side by side for the whole measurement and are loaded in turn, in ABBA quadruples
 * (plain, Signwire, Signwire, plain), each run `seconds` long; the ratio is the median of the
 * quadruples' ratios, so that a slow phase of the machine hits both apps alike (bench/lib/paired.mjs).
 *
 * @param {{ seconds: number, quads: number, body: string, createSigner: Function }} options
 * @returns {Promise<{ plain: object, signwire: object, ratio: number, spread: [number, number], quads: number[] }>}
 * the median req/s and p99 latency of each app, the median ratio and the quadruples' interquartile range.
 */
export async function expressThroughput({ seconds, quads, body, createSigner }) {
  const apps = { plain: await startApp('plain'), signwire: await startApp('signwire') };
  try {
    const signer = createSigner({ keyId: KEY_ID, secret: KEY });
    const runs = { plain: [], signwire: [] };
    const run = async (mode) => {
      const result = await load(apps[mode], mode, seconds, body, signer);
      runs[mode].push(result);
      return result.rps;
    };
    for (const mode of ['plain', 'signwire']) await load(apps[mode], mode, Math.min(1, seconds), body, signer); // warm-up: JIT, connections
    const ratios = [];
    for (let q = 0; q < quads; q++) {
      const p1 = await run('plain');
      const s1 = await run('signwire');
      const s2 = await run('signwire');
      const p2 = await run('plain');
      ratios.push((s1 + s2) / (p1 + p2));
    }
    const summary = (list) => ({
      rps: Math.round(median(list.map((r) => r.rps)) * 10) / 10,
      latencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
      runs: list.length,
    });
    return {
      plain: summary(runs.plain),
      signwire: summary(runs.signwire),
      ratio: median(ratios),
      spread: interquartileRange(ratios),
      quads: ratios,
    };
  } finally {
    for (const app of Object.values(apps)) app.child.kill();
  }
}
