// node bench/forged-query.mjs: what a request with 28 covered "@query-param" over a long query
// (bench/lib/fixtures.mjs) costs the server's verifier, signed and forged, in one process: the time
// per request of each case, and each as a paired ratio (bench/lib/paired.mjs) against verifying the
// typical signed POST. `pnpm bench` reports the forged ones' ratios too (docs/performance.md); this
// script measures only these cases, in about a minute.
import { defineCases, setupCase } from './lib/cases.mjs';
import { REQUESTS } from './lib/fixtures.mjs';
import { median, pairedRatio } from './lib/paired.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const VALID = 'signwire verify (server)';
const WARMUP_MS = 1000;

/** Calls fn (awaiting it) for up to `ms` or 10,000 calls, as the bench warms every case up. */
async function warm(fn, ms = WARMUP_MS) {
  const end = performance.now() + ms;
  for (let calls = 0; calls < 10_000 && performance.now() < end; calls++) await fn();
}

/** Milliseconds per call: the median of 15 batches of about 20 ms (at least one call each). */
async function msPerCall(fn) {
  const started = performance.now();
  await fn();
  const calls = Math.max(1, Math.round(20 / (performance.now() - started)));
  const batches = [];
  for (let b = 0; b < 15; b++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    batches.push((performance.now() - start) / calls);
  }
  return median(batches);
}

const cases = defineCases(await loadSignwire());
const valid = await setupCase(cases, VALID, REQUESTS.post1k);
await warm(valid);
console.log(`${VALID}, typical POST: ${(await msPerCall(valid)).toFixed(4)} ms per request`);
for (const name of Object.keys(cases.longQuery)) {
  const forged = await setupCase(cases, name, REQUESTS.post1k);
  await warm(forged);
  const ms = await msPerCall(forged);
  const { ratio, spread } = await pairedRatio(forged, valid, { quads: 20, batchMs: 3 });
  const range = `${spread[0].toFixed(2)}–${spread[1].toFixed(2)}`;
  console.log(`${name}: ${ms.toFixed(4)} ms per request, ${ratio.toFixed(2)}× the typical POST (interquartile ${range})`);
}
