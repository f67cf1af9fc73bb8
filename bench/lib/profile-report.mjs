// Prints the self time of a V8 CPU profile by function and by Signwire source file (the bundle
// marks each source file with a `// path` comment line), for bench/profile.mjs.
import { readFileSync } from 'node:fs';

export function printProfile(profile, title) {
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
  const bundleLines = readFileSync(new URL('../.cache/signwire.mjs', import.meta.url), 'utf8').split('\n');
  const fileStarts = bundleLines.flatMap((line, i) => (/^\/\/ \S+\.(?:ts|js|mjs)$/.test(line) ? [[i + 1, line.slice(3)]] : []));
  const sourceOf = (line) => fileStarts.findLast(([start]) => start <= line)?.[1] ?? '(bundle)';
  const byFile = new Map();
  for (const [name, count] of self) {
    const match = / signwire\.mjs:(\d+)$/.exec(name);
    const file = match === null ? `(other: ${name.split(' ')[0]})` : sourceOf(Number(match[1]));
    byFile.set(file, (byFile.get(file) ?? 0) + count);
  }
  const pct = (count) => `${((100 * count) / total).toFixed(1).padStart(5)}%`;
  console.log(`${title}, ${total} samples\n\nself time by function:`);
  for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(count)}  ${name}`);
  console.log('\nself time by source file:');
  for (const [file, count] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(count)}  ${file}`);
}
