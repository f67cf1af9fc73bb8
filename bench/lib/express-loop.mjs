// The Express app of bench/lib/express-app.mjs, served in this process and driven over HTTP on
// 127.0.0.1 by 8 keep-alive connections, with requests signed beforehand (a fresh nonce each), so
// that a CPU profile of the loop shows what one request costs the server (plus the HTTP client).
import { Agent, request } from 'node:http';
import { startApp } from './express-app.mjs';
import { KEY, KEY_ID, REQUESTS } from './fixtures.mjs';

const CONNECTIONS = 8;

function send(agent, port, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends the typical POST to apps served in this process: `presign(port, n)` signs n requests for the
 * app on `port` beforehand (a fresh nonce each), `drive(port, all)` sends them over 8 keep-alive
 * connections and returns the CPU µs per request of this process (HTTP client and server together).
 *
 * @param {Awaited<ReturnType<typeof import('./signwire.mjs').loadSignwire>>} sw
 */
export function createDriver(sw) {
  const { bodyText, path, query } = REQUESTS.post1k;
  const target = `${path}?${query}`;
  const signer = sw.createSigner({ keyId: KEY_ID, secret: KEY, hashes: sw.nodeHashes });
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const presign = (port, n) => {
    const url = `http://127.0.0.1:${port}${target}`;
    const base = { 'content-type': 'application/json' };
    return Array.from({ length: n }, () => ({ ...base, ...signer.signSync({ method: 'POST', url, headers: base, body: bodyText }) }));
  };
  const drive = async (port, all) => {
    const started = process.cpuUsage();
    let next = 0;
    const worker = async () => {
      while (next < all.length) await send(agent, port, target, all[next++], bodyText);
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const { user, system } = process.cpuUsage(started);
    return (user + system) / all.length;
  };
  return { presign, drive };
}

/**
 * Prints the CPU time per request (this process: client and server) with and without the verifier
 * (best of 5 interleaved rounds; CPU time is steadier than wall time on a shared machine), then returns
 * a function that sends `count` requests to the verifier's app (for the profiler).
 *
 * @param {Awaited<ReturnType<typeof import('./signwire.mjs').loadSignwire>>} sw
 * @param {number} count
 * @returns {Promise<() => Promise<void>>}
 */
export async function expressLoop(sw, count) {
  const ports = { plain: (await startApp('plain', KEY)).port, signwire: (await startApp('signwire', KEY)).port };
  const { presign, drive } = createDriver(sw);
  const run = (mode, n) => drive(ports[mode], presign(ports[mode], n));
  const best = { plain: Number.POSITIVE_INFINITY, signwire: Number.POSITIVE_INFINITY };
  await run('plain', 2000); // warm up (JIT, connections)
  await run('signwire', 2000);
  for (let round = 0; round < 5; round++) {
    for (const mode of ['plain', 'signwire']) best[mode] = Math.min(best[mode], await run(mode, count));
  }
  console.log(
    `CPU µs per request, HTTP client and server together (best of 5): plain ${best.plain.toFixed(1)}, ` +
      `with the verifier ${best.signwire.toFixed(1)}; the verifier adds ${(best.signwire - best.plain).toFixed(1)} µs\n`,
  );
  const signed = presign(ports.signwire, count);
  return () => drive(ports.signwire, signed);
}
