// node bench/express-server.mjs [requests]: what one request costs the Express server process, with
// `express.json()` (plain) and with the Signwire middleware. Each app runs in a child process of its
// own (bench/lib/express-server.mjs) and is driven over HTTP on 127.0.0.1 by 8 keep-alive connections
// with requests signed beforehand. For each app it prints:
//   - server CPU µs per request (process.cpuUsage of the child; the client's work is not counted);
//   - scavenges and their µs per request (V8's --trace-gc lines);
//   - KB allocated per request and the functions that allocate most (sampling heap profile that
//     counts collected objects too);
//   - the functions with the most self time (CPU profile; profiling slows everything down alike).
// The apps are measured one after the other, not paired: CPU and scavenge figures move by ±20% between
// runs on a shared 2-core machine (use express-variants.mjs or pnpm bench for ratios). The bytes
// allocated per request are steady.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { createDriver } from './lib/express-loop.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const requests = Number(process.argv.slice(2).find((arg) => arg !== '--') ?? 6000);
const cacheDir = new URL('./.cache/', import.meta.url).pathname;
const sw = await loadSignwire();
const { presign, drive } = createDriver(sw);

/** Starts the app in a child process; `ask(command, file)` runs one of its IPC commands. */
async function startChild(mode) {
  const child = fork(new URL('./lib/express-server.mjs', import.meta.url).pathname, [mode], {
    execArgv: ['--trace-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let gcLog = '';
  child.stdout.on('data', (chunk) => {
    gcLog += chunk;
  });
  const [{ port }] = await once(child, 'message');
  const ask = async (command, file) => {
    child.send({ command, file });
    const [reply] = await once(child, 'message');
    return reply.result;
  };
  const takeGcLog = () => {
    const log = gcLog;
    gcLog = '';
    return log;
  };
  return { child, port, ask, takeGcLog };
}

/** Scavenge count and total pause in ms from --trace-gc lines. */
function scavenges(log) {
  const pauses = log
    .split('\n')
    .filter((line) => line.includes('Scavenge'))
    .map((line) => Number(/MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \//.exec(line)?.[1] ?? Number.NaN));
  return { count: pauses.length, ms: pauses.reduce((sum, ms) => sum + ms, 0) };
}

const shortName = (frame) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|bench\/)/, '')}:${frame.lineNumber + 1}`;

/** Bytes per request, total and by allocating function, from a sampling heap profile. */
function allocations(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byFunction = new Map();
  let total = 0;
  const walk = (node) => {
    total += node.selfSize;
    const name = shortName(node.callFrame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return { total, top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12) };
}

/** Busy µs per request and the functions with the most self time, from a CPU profile. */
function cpuTime(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const name = shortName(byId.get(id).callFrame);
    if (name.startsWith('(idle)')) return;
    const micros = profile.timeDeltas[i + 1] ?? 0;
    busy += micros;
    self.set(name, (self.get(name) ?? 0) + micros);
  });
  return { busy, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 12) };
}

const perRequest = (value, digits = 1) => (value / requests).toFixed(digits);
for (const mode of ['plain', 'signwire']) {
  const app = await startChild(mode);
  try {
    await drive(app.port, presign(app.port, 4000)); // warm-up: JIT, connections, heap size
    app.takeGcLog();
    const before = await app.ask('cpu');
    await drive(app.port, presign(app.port, requests));
    const cpu = (await app.ask('cpu')) - before;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const gc = scavenges(app.takeGcLog());

    const heapFile = `${cacheDir}express-server-${mode}.heapprofile`;
    await app.ask('heap-start');
    await drive(app.port, presign(app.port, requests));
    await app.ask('heap-stop', heapFile);
    const heap = allocations(heapFile);

    const cpuFile = `${cacheDir}express-server-${mode}.cpuprofile`;
    await app.ask('cpu-start');
    await drive(app.port, presign(app.port, requests));
    await app.ask('cpu-stop', cpuFile);
    const profile = cpuTime(cpuFile);
    rmSync(heapFile);

    console.log(`\n${mode === 'plain' ? 'express.json()' : 'Signwire middleware'}, ${requests} requests per phase`);
    console.log(`  server CPU ${perRequest(cpu)} µs per request`);
    console.log(`  ${gc.count} scavenges, ${perRequest(gc.ms * 1000)} µs of scavenge per request`);
    console.log(`  ${perRequest(heap.total / 1024)} KB allocated per request; most by:`);
    for (const [name, bytes] of heap.top) console.log(`    ${perRequest(bytes, 0).padStart(6)} B  ${name}`);
    console.log(`  profiled: ${perRequest(profile.busy)} busy µs per request; most self time:`);
    for (const [name, micros] of profile.top) console.log(`    ${perRequest(micros).padStart(6)} µs  ${name}`);
  } finally {
    app.child.kill();
  }
}
console.log(`\nCPU profiles: ${cacheDir}express-server-{plain,signwire}.cpuprofile`);
process.exit(0);
