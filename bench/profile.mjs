// node bench/profile.mjs [sign|verify|verify-server] [iterations]: runs one Signwire loop on the
// typical POST (query + 1 KB JSON) under the V8 CPU profiler and prints the functions with the most
// self time. The .cpuprofile is kept in bench/.cache/ (open it in Chrome DevTools for the tree).

import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { defineCases } from './lib/cases.mjs';
import { REQUESTS } from './lib/fixtures.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const [which = 'sign', iterations = '20000'] = process.argv.slice(2).filter((arg) => arg !== '--');
const CASES = {
  sign: 'signwire sign (client)',
  'sign-native': 'signwire sign (core, node:crypto)',
  verify: 'signwire verify (core, noble)',
  'verify-native': 'signwire verify (core, node:crypto)',
  'verify-server': 'signwire verify (server)',
};
const sw = await loadSignwire();
const { signwire } = defineCases(sw);
const fn = await signwire[CASES[which]](REQUESTS.post1k);
for (let i = 0; i < 2000; i++) await fn(); // warm up (JIT) outside the profile

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
for (let i = 0; i < Number(iterations); i++) await fn();
const { profile } = await session.post('Profiler.stop');
writeFileSync(new URL(`.cache/${which}.cpuprofile`, import.meta.url), JSON.stringify(profile));

// Self time per function (samples are equally spaced).
const self = new Map();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const total = profile.samples.length;
for (const [id, count] of counts) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const file = url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|bench\/\.cache\/)/, '');
  const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + count);
}
// The bundle marks each source file with a `// path` comment line: self time per source file.
const bundleLines = readFileSync(new URL('.cache/signwire.mjs', import.meta.url), 'utf8').split('\n');
const fileStarts = bundleLines.flatMap((line, i) => (/^\/\/ \S+\.(?:ts|js|mjs)$/.test(line) ? [[i + 1, line.slice(3)]] : []));
const sourceOf = (line) => fileStarts.findLast(([start]) => start <= line)?.[1] ?? '(bundle)';
const byFile = new Map();
for (const [name, count] of self) {
  const match = / signwire\.mjs:(\d+)$/.exec(name);
  const file = match === null ? `(other: ${name.split(' ')[0]})` : sourceOf(Number(match[1]));
  byFile.set(file, (byFile.get(file) ?? 0) + count);
}
const pct = (count) => `${((100 * count) / total).toFixed(1).padStart(5)}%`;
console.log(`${CASES[which]}: ${iterations} iterations, ${total} samples\n\nself time by function:`);
for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(count)}  ${name}`);
console.log('\nself time by source file:');
for (const [file, count] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(count)}  ${file}`);
