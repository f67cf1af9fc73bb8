// node bench/issued-keys.mjs: what verifying a request signed with an issued key (createKeyIssuer,
// docs/keys.md) costs the server's verifier next to a static key, in one process: the time per
// request of each case on the typical POST, and each issued-key case as a paired ratio
// (bench/lib/paired.mjs) against the static key. Target (issue #19): the issued key as the
// verifier is configured by default at most 1.2× the static key. `pnpm bench` reports that ratio
// too (verify_issued_vs_static); this script measures only these cases, in about a minute.
import { defineCases, setupCase } from './lib/cases.mjs';
import { REQUESTS } from './lib/fixtures.mjs';
import { median, pairedRatio } from './lib/paired.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const STATIC = 'signwire verify (server)';
const ISSUED = [
  'signwire verify (server), issued key',
  'signwire verify (server), issued key, derived per request',
  'signwire verify (server), issued key, async revokedBefore',
];
const WARMUP_MS = 1000;

/** Calls fn (awaiting it) for up to `ms` or 10,000 calls, as the bench warms every case up. */
async function warm(fn, ms = WARMUP_MS) {
  const end = performance.now() + ms;
  for (let calls = 0; calls < 10_000 && performance.now() < end; calls++) await fn();
}

/** Microseconds per call: the median of 15 batches of about 20 ms (at least one call each). */
async function usPerCall(fn) {
  const started = performance.now();
  await fn();
  const calls = Math.max(1, Math.round(20 / (performance.now() - started)));
  const batches = [];
  for (let b = 0; b < 15; b++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    batches.push(((performance.now() - start) / calls) * 1000);
  }
  return median(batches);
}

const cases = defineCases(await loadSignwire());
const staticKey = await setupCase(cases, STATIC, REQUESTS.post1k);
await warm(staticKey);
console.log(`${STATIC}, typical POST: ${(await usPerCall(staticKey)).toFixed(1)} µs per request`);
for (const name of ISSUED) {
  const issued = await setupCase(cases, name, REQUESTS.post1k);
  await issued(); // fails loudly if the request does not verify
  await warm(issued);
  const us = await usPerCall(issued);
  const { ratio, spread } = await pairedRatio(issued, staticKey, { quads: 40, batchMs: 3 });
  const range = `${spread[0].toFixed(3)}–${spread[1].toFixed(3)}`;
  const target = name === ISSUED[0] ? `; target ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'NOT MET'}` : '';
  console.log(`${name}: ${us.toFixed(1)} µs per request, ${ratio.toFixed(3)}× the static key (interquartile ${range})${target}`);
}
