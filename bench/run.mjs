// pnpm bench [--quick] [--smoke]: Signwire against the raw hashing floor and peer signers, all in one
// run, then the client bundle size and Express throughput. Prints a table and the target ratios,
// writes bench/results.json and the generated section of docs/performance.md.
//   --quick  fewer samples and shorter load runs (under two minutes)
//   --smoke  one sample each; writes bench/.cache/results.smoke.json only and checks that every
//            result key is a finite number (a check that the harness runs, not a measurement)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { measure } from 'mitata';
import { measureClientBundle, TARGET_GZIP_BYTES } from '../scripts/bundle-size/measure.mjs';
import { chromiumDigests } from './lib/browser-digest.mjs';
import { defineCases, setupCase } from './lib/cases.mjs';
import { expressThroughput } from './lib/express-load.mjs';
import { REQUESTS } from './lib/fixtures.mjs';
import { median, pairedRatio } from './lib/paired.mjs';
import { renderMarkdown, renderTable } from './lib/report.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const args = new Set(process.argv.slice(2).filter((arg) => arg !== '--'));
const smoke = args.has('--smoke');
const quick = smoke || args.has('--quick');
const mode = smoke ? 'smoke' : quick ? 'quick' : 'full';
const rootDir = new URL('../', import.meta.url).pathname;

// mitata options per mode; every case is warmed up for `warmupMs` (in later rounds, whose code V8
// has already optimized, `laterWarmupMs`), then measured `rounds` times, interleaved, keeping the
// fastest median. On this 2-core machine one case's median moves by up to 50% from one round to the
// next (the other core, frequency changes): with two rounds a slow phase could hit both rounds of a
// floor and put a signer "below" its own floor. Five shorter rounds cost the same time and rarely miss
// a quiet phase.
const SETTINGS = {
  full: {
    rounds: 5,
    warmupMs: 1000,
    laterWarmupMs: 100,
    mitata: { min_cpu_time: 120e6 },
    pairs: { processes: 3, quads: 40, batchMs: 3, warmupMs: 1000 },
    loadSeconds: 2,
    loadQuads: 5,
  },
  // quick: 400 ms still gives every fast case its 10,000 warm-up calls (the slowest, the async
  // WebCrypto signer, gets ~4,000); only the 1 MiB cases, hot in their hashing loop after a few calls,
  // are cut short. It keeps the whole quick run under two minutes on a 2-core machine.
  quick: {
    rounds: 1,
    warmupMs: 400,
    mitata: { min_cpu_time: 100e6 },
    pairs: { processes: 0, quads: 20, batchMs: 2 },
    loadSeconds: 1,
    loadQuads: 2,
  },
  smoke: {
    rounds: 1,
    warmupMs: 0,
    mitata: { min_samples: 1, max_samples: 1, min_cpu_time: 0, warmup_samples: 0, batch_samples: 1 },
    pairs: { processes: 0, quads: 1, batchMs: 0 },
    loadSeconds: 1,
    loadQuads: 1,
  },
}[mode];

const sw = await loadSignwire();
const allCases = defineCases(sw);
const { signwire, floors, peers, nativeSha256 } = allCases;
const groups = { signwire, floors, peers };

/** Calls before timing (capped by the mode's `warmupMs` for slow cases); see {@link nsPerOp}. */
const WARMUP_CALLS = 10_000;

/**
 * Nanoseconds per call of fn: the median of mitata's samples (robust to preemption on a busy
 * machine), after a warm-up of {@link WARMUP_CALLS} calls, so that every case is timed with its code
 * optimized, as in a long-running process, and not while V8 is still compiling it. (Signwire's
 * verifier, a few dozen small functions, needs some 5,000 calls to get there: ~200 µs per call cold,
 * ~40 µs warm. Without the warm-up a quick run timed it mostly cold, while a full run's second round
 * timed it warm.)
 *
 * @param {() => unknown} fn - the case.
 * @param {number} warmupMs - the warm-up's time cap.
 */
async function nsPerOp(fn, warmupMs = SETTINGS.warmupMs) {
  const end = performance.now() + warmupMs;
  for (let calls = 0; calls < WARMUP_CALLS && performance.now() < end; calls++) await fn();
  const stats = await measure(fn, SETTINGS.mitata);
  return stats.p50;
}

// 1. Sign and verify: every case on every request.
const times = {}; // times[request][case] = ns
for (let round = 0; round < SETTINGS.rounds; round++) {
  for (const [requestName, request] of Object.entries(REQUESTS)) {
    times[requestName] ??= {};
    for (const cases of Object.values(groups)) {
      for (const [name, setup] of Object.entries(cases)) {
        const fn = await setup(request);
        if (fn === undefined) continue; // not applicable (e.g. a webhook scheme without a body)
        await fn(); // fail loudly before timing if the fixture does not verify
        const ns = await nsPerOp(fn, round === 0 ? SETTINGS.warmupMs : (SETTINGS.laterWarmupMs ?? SETTINGS.warmupMs));
        times[requestName][name] = Math.min(times[requestName][name] ?? Number.POSITIVE_INFINITY, ns);
      }
    }
    process.stderr.write(`round ${round + 1}/${SETTINGS.rounds}: ${requestName} done\n`);
  }
}

// 1b. Requests with 28 covered "@query-param" over a long query (bench/lib/fixtures.mjs), signed and
// forged: what one request of that shape costs the server's verifier. They ignore the fixture
// requests, so they have a table of their own; the forged ones' ratios to the typical POST are paired
// below (docs/security.md, CPU exhaustion).
const longQueryTimes = {}; // case → ns
for (let round = 0; round < SETTINGS.rounds; round++) {
  for (const [name, setup] of Object.entries(allCases.longQuery)) {
    const fn = await setup(REQUESTS.post1k);
    await fn(); // fail loudly before timing if a case does not end as expected
    const ns = await nsPerOp(fn, round === 0 ? SETTINGS.warmupMs : (SETTINGS.laterWarmupMs ?? SETTINGS.warmupMs));
    longQueryTimes[name] = Math.min(longQueryTimes[name] ?? Number.POSITIVE_INFINITY, ns);
  }
}
process.stderr.write('long query done\n');

// 2. Digest throughput and the noble / WebCrypto crossover.
const SIZES = [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576];
const digests = [];
for (const size of SIZES) {
  const data = REQUESTS.post1m.body.subarray(0, size);
  digests.push({
    size,
    noble: await nsPerOp(() => nobleSha256(data)),
    webcrypto: await nsPerOp(() => crypto.subtle.digest('SHA-256', data)),
    native: await nsPerOp(() => nativeSha256(data)),
  });
}
const crossoverOf = (rows) => rows.find((_, i) => rows.slice(i).every((r) => r.webcrypto < r.noble))?.size ?? null;
const crossover = crossoverOf(digests);
// The same comparison in headless Chromium (where the client mostly runs); null without Chromium.
const browserDigests = await chromiumDigests(SIZES, smoke ? 1 : 5);
for (const row of browserDigests ?? [])
  Object.assign(
    digests.find((d) => d.size === row.size),
    { chromiumNoble: row.noble, chromiumWebcrypto: row.webcrypto },
  );
const body1m = REQUESTS.post1m.body;
// Content-Digest of 1 MiB as the client computes it by default (WebCrypto, then core's
// formatContentDigest), with nobleHashes, and on Node natively (the server, or a client given
// nodeHashes), and the raw native hash, interleaved over the rounds (fastest kept): a 10× range.
const contentDigest = {
  client: Number.POSITIVE_INFINITY,
  clientSync: Number.POSITIVE_INFINITY,
  server: Number.POSITIVE_INFINITY,
  native: Number.POSITIVE_INFINITY,
};
const webCryptoContentDigest = async (body) => sw.core.formatContentDigest(new Uint8Array(await crypto.subtle.digest('SHA-256', body)));
for (let round = 0; round < SETTINGS.rounds + 1; round++) {
  contentDigest.client = Math.min(contentDigest.client, await nsPerOp(() => webCryptoContentDigest(body1m)));
  contentDigest.clientSync = Math.min(contentDigest.clientSync, await nsPerOp(() => sw.core.createContentDigest(body1m)));
  contentDigest.server = Math.min(contentDigest.server, await nsPerOp(() => sw.core.createContentDigest(body1m, sw.nodeHashes)));
  contentDigest.native = Math.min(contentDigest.native, await nsPerOp(() => nativeSha256(body1m)));
}
process.stderr.write('digests done\n');

// 2b. The target ratios, each from its two cases timed in alternation (bench/lib/paired.mjs), on the
// typical POST, in child processes of their own (bench/lib/pair-child.mjs): the median over
// `processes` children, with the range of their ratios (or, with one, its quadruples' IQR).
// Issue #18 (F1): a forged request with 28 "@query-param" over a 14 KB query (Node's header limit)
// should cost no more than verifying a few typical requests.
const FORGED_QUERY_TARGET = 5;
const SIGNED_14K = 'signwire verify (server), 28 @query-param, 14 KB query: signed';
const FORGED_14K = 'signwire verify (server), 28 @query-param, 14 KB query: forged, known keyid';
const FORGED_64K = 'signwire verify (server), 28 @query-param, 64 KB query: forged, known keyid';
const PAIRS = {
  sign_vs_noble_floor: ['signwire sign (client)', 'floor: noble digest + HMAC'],
  verify_vs_noble_floor: ['signwire verify (core, noble)', 'floor: noble digest + HMAC'],
  sign_vs_http_message_signatures: ['signwire sign (client, node:crypto)', 'http-message-signatures sign'],
  verify_vs_http_message_signatures: ['signwire verify (server)', 'http-message-signatures verify'],
  sign_vs_smithy: ['signwire sign (client, node:crypto)', '@smithy/signature-v4 sign'],
  verify_vs_smithy: ['signwire verify (server)', '@smithy/signature-v4 sign'],
  verify_native_vs_handrolled: ['signwire verify (server)', 'hand-rolled createHmac verify + JSON.parse'],
  forged_query_param_vs_verify: [FORGED_14K, 'signwire verify (server)'],
  forged_query_param_64k_vs_verify: [FORGED_64K, 'signwire verify (server)'],
  verify_issued_vs_static: ['signwire verify (server), issued key', 'signwire verify (server)'],
};
// Quick and smoke mode (processes: 0) pair the cases in this process instead, where section 1 has
// already warmed them up: faster, but the ratio then depends more on the state this process is in.
const pairChild = new URL('./lib/pair-child.mjs', import.meta.url).pathname;
const paired = {};
for (const [key, [a, b]] of Object.entries(PAIRS)) {
  const { processes, ...childSettings } = SETTINGS.pairs;
  if (processes === 0) {
    paired[key] = await pairedRatio(
      await setupCase(allCases, a, REQUESTS.post1k),
      await setupCase(allCases, b, REQUESTS.post1k),
      SETTINGS.pairs,
    );
    continue;
  }
  const runs = Array.from({ length: processes }, () =>
    JSON.parse(execFileSync(process.execPath, [pairChild, a, b, JSON.stringify(childSettings)], { encoding: 'utf8' })),
  );
  const ratios = runs.map((run) => run.ratio);
  paired[key] = { ratio: median(ratios), spread: processes > 1 ? [Math.min(...ratios), Math.max(...ratios)] : runs[0].spread };
}
// Throughput: native SHA-256 over Signwire's Content-Digest of 1 MiB (higher is better).
const digestPair = await pairedRatio(
  () => sw.core.createContentDigest(body1m, sw.nodeHashes),
  () => nativeSha256(body1m),
  SETTINGS.pairs,
);
paired.digest_1mib_vs_native = { ratio: 1 / digestPair.ratio, spread: [1 / digestPair.spread[1], 1 / digestPair.spread[0]] };
process.stderr.write('paired ratios done\n');

// 3. Client bundle size: the figure of record of `pnpm size` (the same module measures both: packed,
// installed by npm, bundled by esbuild), without the Vite and webpack figures.
const { figures } = await measureClientBundle({ bundlers: ['esbuild'] });
const bundle = { min: figures.esbuild.full.min, gzip: figures.esbuild.full.gzip };
process.stderr.write('client bundle done\n');

// 4. Express with and without the verifier.
const express = await expressThroughput({
  seconds: SETTINGS.loadSeconds,
  quads: SETTINGS.loadQuads,
  body: REQUESTS.post1k.bodyText,
  // The load generator signs natively, so that it spends the same on both apps and little on either.
  createSigner: (options) => sw.createSigner({ ...options, hashes: sw.nodeHashes }),
});
process.stderr.write('express done\n');

// 5. Ratios against the targets (time ratios: lower is better; throughput ratios: higher is better).
const t = times.post1k;
paired.express_rps_ratio = { ratio: express.ratio, spread: express.spread };
const round3 = (x) => Math.round(x * 1000) / 1000;
const targets = [
  ['sign_vs_noble_floor', t['signwire sign (client)'] / t['floor: noble digest + HMAC'], '<=', 1.5, 'sign (client) / noble digest + HMAC'],
  [
    'verify_vs_noble_floor',
    t['signwire verify (core, noble)'] / t['floor: noble digest + HMAC'],
    '<=',
    1.7,
    'verify (core, noble) / noble digest + HMAC',
  ],
  [
    'sign_vs_http_message_signatures',
    t['signwire sign (client, node:crypto)'] / t['http-message-signatures sign'],
    '<=',
    0.6,
    'sign (client, node:crypto) / http-message-signatures sign (both hash with node:crypto)',
  ],
  [
    'verify_vs_http_message_signatures',
    t['signwire verify (server)'] / t['http-message-signatures verify'],
    '<=',
    0.6,
    'verify (server) / http-message-signatures verify',
  ],
  [
    'sign_vs_smithy',
    t['signwire sign (client, node:crypto)'] / t['@smithy/signature-v4 sign'],
    '<=',
    0.75,
    'sign (client, node:crypto) / @smithy/signature-v4 sign (both hash with node:crypto)',
  ],
  [
    'verify_vs_smithy',
    t['signwire verify (server)'] / t['@smithy/signature-v4 sign'],
    '<=',
    0.75,
    'verify (server) / @smithy/signature-v4 sign (a SigV4 check recomputes the signature)',
  ],
  [
    'verify_native_vs_handrolled',
    t['signwire verify (server)'] / t['hand-rolled createHmac verify + JSON.parse'],
    '<=',
    2.5,
    'verify (server, node:crypto, parses the JSON body) / hand-rolled createHmac verify + JSON.parse',
  ],
  [
    'digest_1mib_vs_native',
    contentDigest.native / contentDigest.server,
    '>=',
    0.8,
    'throughput of the Content-Digest on Node (1 MiB; the verifier, and a client given nodeHashes) / raw node:crypto SHA-256',
  ],
  [
    'forged_query_param_vs_verify',
    longQueryTimes[FORGED_14K] / t['signwire verify (server)'],
    '<=',
    FORGED_QUERY_TARGET,
    'verify (server) of a forged request (known keyid, wrong MAC, 28 @query-param, 14 KB query) / of the typical POST',
  ],
  [
    'verify_issued_vs_static',
    t['signwire verify (server), issued key'] / t['signwire verify (server)'],
    '<=',
    1.2,
    'verify (server) with a key from createKeyIssuer (defaults: derived keys remembered) / with a static key',
  ],
  ['client_bundle_gzip_bytes', bundle.gzip, '<=', TARGET_GZIP_BYTES, '`pnpm size` (esbuild, createSigner + createSignedFetch), gzip bytes'],
  ['express_rps_ratio', express.ratio, '>=', 0.85, 'Express req/s with the verifier / without'],
].map(([key, tableValue, op, target, what]) => {
  // Time ratios and the 1 MiB throughput come from their paired measurement; the ratio of the two
  // cases' figures in the time table is kept beside it (`table`), for comparison.
  const pair = paired[key];
  const value = pair === undefined ? tableValue : pair.ratio;
  return {
    key,
    value: round3(value),
    op,
    target,
    what,
    met: op === '<=' ? value <= target : value >= target,
    ...(pair === undefined ? {} : { spread: pair.spread.map(round3) }),
    ...(pair === undefined || key === 'express_rps_ratio' ? {} : { table: round3(tableValue) }),
  };
});

const extra = {
  digest_1mib_client_webcrypto_vs_native: contentDigest.native / contentDigest.client,
  digest_1mib_client_noble_vs_native: contentDigest.native / contentDigest.clientSync,
  digest_1mib_webcrypto_vs_native: contentDigest.native / digests.at(-1).webcrypto,
  verify_core_native_vs_handrolled: t['signwire verify (core, node:crypto)'] / t['hand-rolled createHmac verify'],
  sign_native_vs_native_floor: t['signwire sign (core, node:crypto)'] / t['floor: node:crypto digest + HMAC'],
  webcrypto_crossover_bytes: crossover,
  // The forged 14 KB request over a signed one of the same shape (time table), and with a 64 KB query
  // (runtimes that accept long URLs) over the typical POST (paired).
  forged_query_param_vs_signed: longQueryTimes[FORGED_14K] / longQueryTimes[SIGNED_14K],
  forged_query_param_64k_vs_verify: paired.forged_query_param_64k_vs_verify.ratio,
  chromium_webcrypto_crossover_bytes: browserDigests === null ? null : crossoverOf(browserDigests),
};
const results = {
  node: process.version,
  mode,
  ...Object.fromEntries(targets.map(({ key, value }) => [key, value])),
  ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, value === null ? null : round3(value)])),
  targets: Object.fromEntries(
    targets.map(({ key, op, target, met, spread, table }) => [
      key,
      {
        op,
        target,
        met,
        ...(spread === undefined ? {} : { interquartile: spread }),
        ...(table === undefined ? {} : { from_time_table: table }),
      },
    ]),
  ),
  method: {
    ratios: `paired: ABBA quadruples of batches (${SETTINGS.pairs.quads} quadruples, ~${SETTINGS.pairs.batchMs} ms batches), median of the quadruples' ratios, ${SETTINGS.pairs.processes === 0 ? 'in the bench process' : `in ${SETTINGS.pairs.processes} child processes per ratio (median)`}`,
    express: `paired: ABBA quadruples of ${SETTINGS.loadSeconds} s autocannon runs (${SETTINGS.loadQuads} quadruples), median of the quadruples' ratios`,
  },
  express: { plain: express.plain, signwire: express.signwire, quadruple_ratios: express.quads.map(round3) },
  long_query_ns: Object.fromEntries(Object.entries(longQueryTimes).map(([name, ns]) => [name, Math.round(ns)])),
  client_bundle_min_bytes: bundle.min,
  digest_ns: digests.map((row) => ({
    size: row.size,
    noble: Math.round(row.noble),
    webcrypto: Math.round(row.webcrypto),
    native: Math.round(row.native),
    ...(row.chromiumNoble === undefined
      ? {}
      : { chromium_noble: Math.round(row.chromiumNoble), chromium_webcrypto: Math.round(row.chromiumWebcrypto) }),
  })),
  ns_per_op: Object.fromEntries(
    Object.entries(times).map(([r, cases]) => [r, Object.fromEntries(Object.entries(cases).map(([c, ns]) => [c, Math.round(ns)]))]),
  ),
};

const report = { results, targets, times, longQueryTimes, digests, crossover, contentDigest, bundle, express, mode };
console.log(renderTable(report));

const REQUIRED_KEYS = [
  'sign_vs_noble_floor',
  'verify_vs_noble_floor',
  'sign_vs_http_message_signatures',
  'verify_vs_http_message_signatures',
  'sign_vs_smithy',
  'verify_native_vs_handrolled',
  'digest_1mib_vs_native',
  'forged_query_param_vs_verify',
  'forged_query_param_vs_signed',
  'forged_query_param_64k_vs_verify',
  'verify_issued_vs_static',
  'client_bundle_gzip_bytes',
  'express_rps_ratio',
];
const json = `${JSON.stringify(results, null, 2)}\n`;
if (smoke) {
  writeFileSync(new URL('.cache/results.smoke.json', import.meta.url), json);
  const bad = REQUIRED_KEYS.filter((key) => !Number.isFinite(results[key]));
  if (typeof results.node !== 'string' || bad.length > 0) {
    console.error(`smoke: not finite numbers: ${bad.join(', ') || 'node'}`);
    process.exit(1);
  }
  console.log(`smoke: results have all ${REQUIRED_KEYS.length} keys as finite numbers (timings are not meaningful with one sample)`);
} else {
  writeFileSync(new URL('results.json', import.meta.url), json);
  const docPath = `${rootDir}docs/performance.md`;
  const doc = readFileSync(docPath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${start} … ${end} section`);
  writeFileSync(docPath, `${doc.slice(0, from + start.length)}\n${renderMarkdown(report)}\n${doc.slice(to)}`);
  console.log('wrote bench/results.json and docs/performance.md');
}
