// Paired ratios: two cases timed in alternation, so that both see the same phase of a noisy machine.
//
// On this 2-core machine a case's speed moves by up to 2× over seconds (the other core, the host),
// and it moves for every case alike. Timing each case on its own and dividing the fastest medians
// (the mitata table) then compares one case's quiet phase with another's busy one: in two full runs
// of the same code, verify (server) / hand-rolled read 2.40 and 2.74. Timing short batches of the
// two in ABBA order and taking the median of the per-quadruple ratios cancels the phase instead:
// the same code then reads within a few percent from run to run.

/** Calls fn `calls` times (awaiting promises) and returns the nanoseconds per call. */
async function timeBatch(fn, calls) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
  return Number(process.hrtime.bigint() - start) / calls;
}

/** How many calls of fn take about `batchMs` (at least one). */
async function callsPerBatch(fn, batchMs) {
  const ns = Math.min(await timeBatch(fn, 20), await timeBatch(fn, 20));
  return Math.max(1, Math.round((batchMs * 1e6) / ns));
}

/** The median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The interquartile range of a non-empty list of numbers, as [lower, upper] (nearest ranks). */
export function interquartileRange(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const last = sorted.length - 1;
  return [sorted[Math.floor(last / 4)], sorted[Math.ceil((last * 3) / 4)]];
}

/**
 * The cost of `a` over the cost of `b`, both already warmed up: `quads` times, a batch of a, two of
 * b and one of a again (ABBA, so a drift within the quadruple cancels too), each batch about
 * `batchMs` long; the median of the quadruples' ratios.
 *
 * @param {() => unknown} a
 * @param {() => unknown} b
 * @param {{ quads: number, batchMs: number }} options
 * @returns {Promise<{ ratio: number, spread: [number, number] }>} the median ratio, and the
 * quadruples' interquartile range.
 */
export async function pairedRatio(a, b, { quads, batchMs }) {
  const callsA = await callsPerBatch(a, batchMs);
  const callsB = await callsPerBatch(b, batchMs);
  const ratios = [];
  for (let q = 0; q < quads; q++) {
    const a1 = await timeBatch(a, callsA);
    const b1 = await timeBatch(b, callsB);
    const b2 = await timeBatch(b, callsB);
    const a2 = await timeBatch(a, callsA);
    ratios.push((a1 + a2) / (b1 + b2));
  }
  return { ratio: median(ratios), spread: interquartileRange(ratios) };
}
