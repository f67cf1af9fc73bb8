// node bench/form-bodies.mjs [quads]: what form bodies cost the server, next to the JSON body of the
// same size that a server already parses. Each line is a paired ratio (bench/lib/paired.mjs: ABBA
// batches in one process, the median of the quadruples), so a noisy machine slows both sides alike.
//   form 1 KiB        verifyMessage on a 1 KiB urlencoded form (40 fields, parsed into verified.form)
//                     over verifyMessage on a 1 KiB JSON body (parsed into verified.json)
//   form 1 MiB        the same at maxBodyBytes (1 MiB), with the most fields a 1 MiB body can hold
//                     ('a&a&…', 524,288 fields): the worst case a signed client can send
//   multipart 1 MiB   readFormData on a verified 1 MiB multipart body: one 1 MiB file, and 10,000
//                     small parts; over verifyMessage on a 1 MiB JSON body
// The replay store accepts every nonce, so one signed request is verified over and over.
import { pairedRatio } from './lib/paired.mjs';
import { loadSignwire } from './lib/signwire.mjs';
import { verifyingSigned } from './lib/verifying.mjs';

const [quads = 60] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .map(Number);
const sw = await loadSignwire();
const ORIGIN = 'https://api.example.com';
const encoder = new TextEncoder();

const verifying = (contentType, body) => verifyingSigned(sw, '/v1/forms', contentType, body);

function jsonOfSize(bytes) {
  const items = [];
  let text = '';
  for (let i = 0; text.length < bytes - 40; i++) {
    items.push({ id: i, name: `item-${i}`, qty: (i % 7) + 1 });
    text = JSON.stringify({ items });
  }
  return encoder.encode(text);
}

async function multipart(form) {
  const request = new Request(`${ORIGIN}/v1/forms`, { method: 'POST', body: form });
  return { contentType: request.headers.get('content-type'), body: new Uint8Array(await request.arrayBuffer()) };
}

const MiB = 1024 * 1024;
const form1k = encoder.encode(new URLSearchParams(Array.from({ length: 40 }, (_, i) => [`field${i}`, `value ${i} ä`])).toString());
const form1m = encoder.encode('a&'.repeat(MiB / 2));
const oneFile = new FormData();
oneFile.set('file', new Blob([new Uint8Array(MiB - 200)]), 'big.bin');
const manyParts = new FormData();
for (let i = 0; i < 10_000; i++) manyParts.append(`f${i}`, `v${i}`);

const readAfterVerify = (contentType, body) => {
  const verify = verifying(contentType, body);
  return async () => sw.readFormData(await verify());
};
const cases = [
  [
    'form 1 KiB (40 fields) / JSON 1 KiB',
    verifying('application/x-www-form-urlencoded', form1k),
    verifying('application/json', jsonOfSize(form1k.length)),
  ],
  [
    'form 1 MiB (524,288 fields) / JSON 1 MiB',
    verifying('application/x-www-form-urlencoded', form1m),
    verifying('application/json', jsonOfSize(MiB)),
  ],
];
for (const [name, form] of [
  ['one 1 MiB file', await multipart(oneFile)],
  ['10,000 small parts', await multipart(manyParts)],
]) {
  cases.push([
    `verify + readFormData, multipart ${name} (${form.body.length} B) / verify JSON ${form.body.length} B`,
    readAfterVerify(form.contentType, form.body),
    verifying('application/json', jsonOfSize(form.body.length)),
  ]);
}

/** A rough absolute scale for the denominator: µs per call, the fastest of three batches. */
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
    `${name}: ${ratio.toFixed(2)} (IQR ${spread.map((x) => x.toFixed(2)).join('–')}; the JSON side ${await microseconds(b)} µs here)`,
  );
}
