// node bench/json-bodies.mjs [quads]: what a JSON body costs the server. Each line is a paired ratio
// (bench/lib/paired.mjs: ABBA batches in one process, the median of the quadruples).
//   verify JSON / verify bytes     verifyMessage on a JSON body (parsed into verified.json, with the
//                                  §9 step 12 checks) over verifyMessage on the same bytes declared
//                                  application/octet-stream (never parsed): what JSON handling adds
//   strict parse / JSON.parse      core's parseReceivedJson (UTF-8 decode, JSON.parse, the member
//                                  scan for duplicate and prototype members) over the decode and
//                                  JSON.parse alone
// At 1 KiB and at 1 MiB (maxBodyBytes), of an array of small objects (three members each), at 1 KiB
// of objects whose strings hold colons (times, URLs: the member check then counts the members by
// skipping strings, core/src/json-member-count.ts), and at 1 MiB of one object with 50,000 members
// (the widest object: the exact scan, when it runs, remembers all its names at once).
// The replay store accepts every nonce, so one signed request is verified over and over.
import { pairedRatio } from './lib/paired.mjs';
import { loadSignwire } from './lib/signwire.mjs';
import { verifyingSigned } from './lib/verifying.mjs';

const [quads = 40] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .map(Number);
const sw = await loadSignwire();
const { core } = sw;
const encoder = new TextEncoder();

const verifying = (contentType, body) => verifyingSigned(sw, '/v1/orders', contentType, body);

/** Canonical JSON of about `bytes` bytes: an array of small objects. */
function itemsOfSize(bytes) {
  const items = [];
  for (let i = 0; ; i++) {
    const item = { id: i, name: `item-${i}`, qty: (i % 7) + 1 };
    items.push(item);
    if (JSON.stringify({ items }).length > bytes - 50) break;
  }
  return encoder.encode(core.canonicalJson({ items }));
}

/** Canonical JSON of about `bytes` bytes: an array of small objects with a time and a URL each. */
function itemsWithColonsOfSize(bytes) {
  const items = [];
  for (let i = 0; ; i++) {
    const item = { id: i, at: `2026-12-07T10:${String(i % 60).padStart(2, '0')}:00Z`, href: `https://api.example.com/v1/items/${i}` };
    items.push(item);
    if (JSON.stringify({ items }).length > bytes - 50) break;
  }
  return encoder.encode(core.canonicalJson({ items }));
}

/** Canonical JSON of one object with `count` members. */
function wideObject(count) {
  const object = {};
  for (let i = 0; i < count; i++) object[`member-${i}`] = i;
  return encoder.encode(core.canonicalJson(object));
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const plainParse = (body) => () => JSON.parse(decoder.decode(body));
const strictParse = (body) => () => core.parseReceivedJson('application/json', body, false);

const bodies = [
  ['1 KiB', itemsOfSize(1024)],
  ['1 KiB, colons in strings', itemsWithColonsOfSize(1024)],
  ['1 MiB', itemsOfSize(1024 * 1024 - 64)],
  ['1 MiB, one object of 50,000 members', wideObject(50_000)],
];
const cases = [];
for (const [name, body] of bodies) {
  cases.push([
    `verify JSON / verify bytes, ${name} (${body.length} B)`,
    verifying('application/json', body),
    verifying('application/octet-stream', body),
  ]);
}
if (typeof core.parseReceivedJson === 'function') {
  for (const [name, body] of bodies) cases.push([`strict parse / JSON.parse, ${name}`, strictParse(body), plainParse(body)]);
}

/** A rough absolute scale: µs per call, the fastest of three batches. */
async function microseconds(fn) {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 20 / 1000);
  }
  return best < 100 ? best.toFixed(1) : Math.round(best);
}

for (const [name, a, b] of cases) {
  for (let i = 0; i < 50; i++) {
    await a();
    await b();
  }
  const { ratio, spread } = await pairedRatio(a, b, { quads, batchMs: 20 });
  console.log(
    `${name}: ${ratio.toFixed(2)} (IQR ${spread.map((x) => x.toFixed(2)).join('–')}; ${await microseconds(a)} µs / ${await microseconds(b)} µs here)`,
  );
}
