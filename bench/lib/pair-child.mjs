// A child process of bench/run.mjs: one paired ratio (paired.mjs), measured in a process that, like
// an application signing and verifying with Signwire, runs every Signwire case first (warm-up), then
// the two cases of the pair. The peers' libraries are not loaded: the same ratio measured in the
// main process, after all of them had run, moved between processes from 1.18 to 1.65
// (sign_vs_noble_floor), while in processes of this kind it read 1.29–1.38 in three tries and
// 1.33–1.56 across the three of one full run.
// argv: case A, case B, JSON settings { quads, batchMs, warmupMs }; prints the result as JSON.
import { defineCases, setupCase } from './cases.mjs';
import { REQUESTS } from './fixtures.mjs';
import { pairedRatio } from './paired.mjs';

const [nameA, nameB, settingsJson] = process.argv.slice(2);
const { quads, batchMs, warmupMs } = JSON.parse(settingsJson);
// The bundle bench/run.mjs built before it started this process.
const sw = await import(new URL('../.cache/signwire.mjs', import.meta.url).href);
const cases = defineCases(sw);

async function warm(fn) {
  const end = performance.now() + warmupMs;
  for (let calls = 0; calls < 10_000 && performance.now() < end; calls++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
}

for (const request of [REQUESTS.post1k, REQUESTS.get]) {
  for (const setup of Object.values(cases.signwire)) {
    const fn = await setup(request);
    if (fn !== undefined) await warm(fn);
  }
}
const a = await setupCase(cases, nameA, REQUESTS.post1k);
const b = await setupCase(cases, nameB, REQUESTS.post1k);
await warm(a);
await warm(b);
process.stdout.write(JSON.stringify(await pairedRatio(a, b, { quads, batchMs })));
