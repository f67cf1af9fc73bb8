#!/usr/bin/env node
// `pnpm test:runtimes` — proves the published packages work the same everywhere:
//   1. installs the pinned runtimes and tools (install.mjs, cached),
//   2. packs the built packages and installs the tarballs into a consumer project (pack.mjs),
//   3. bundles the one test suite (suite.mjs) for the non-Node runtimes (bundle.mjs),
//   4. runs it on Node 20/22/24, Bun, Deno, workerd and Chromium (runners/*), in parallel,
//   5. require()s each package from CommonJS on every Node, which loads its CommonJS build (cjs-check.mjs),
//   6. lints each tarball with publint and attw (pack-lint.mjs),
//   7. writes results.json (and with --write-readme, README's table; see update-readme.mjs).
// Exits 1 if any runtime fails or cannot start, a package has no build, a require() check fails, or
// a tarball has a finding.
//
// Options: --only=node20,chromium,…  (or SIGNWIRE_RUNTIMES=…) runs a subset; --write-readme.
import { writeFileSync } from 'node:fs';
import { writeEntriesAndBundle } from './bundle.mjs';
import { runCjsChecks } from './cjs-check.mjs';
import { CHROMIUM, RESULTS_FILE } from './config.mjs';
import { binary, installAll } from './install.mjs';
import { packAndInstall } from './pack.mjs';
import { lintTarballs } from './pack-lint.mjs';
import { runChromium } from './runners/chromium.mjs';
import { runCli } from './runners/cli.mjs';
import { startFailure } from './runners/result.mjs';
import { runWorkerd } from './runners/workerd.mjs';

const ALL = ['node20', 'node22', 'node24', 'bun', 'deno', 'workerd', 'chromium'];
const NODES = ['node20', 'node22', 'node24'];

const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? process.env.SIGNWIRE_RUNTIMES;
const selected = onlyArg ? onlyArg.split(',').map((s) => s.trim()) : ALL;
const unknown = selected.filter((r) => !ALL.includes(r));
if (unknown.length) {
  console.error(`unknown runtime(s): ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}

const started = Date.now();
const [installErrors, packed] = await Promise.all([installAll(), packAndInstall()]);
const installed = Object.keys(packed.tarballs);
if (packed.missing.length) {
  console.log(`NOT TESTED (no dist/ — build them first): ${packed.missing.map((p) => `@signwire/${p}`).join(', ')}`);
}
const bundles = await writeEntriesAndBundle(packed.consumer, installed);

const installFailure = (runtime) => {
  const dir = runtime.startsWith('node') ? runtime : 'tools';
  return installErrors[dir] ? startFailure(runtime, 'not installed', installErrors[dir]) : undefined;
};
const runners = {
  node20: () => runCli({ runtime: 'node20', bin: binary('node20'), kind: 'node', program: bundles.nodeEntry, cwd: packed.consumer }),
  node22: () => runCli({ runtime: 'node22', bin: binary('node22'), kind: 'node', program: bundles.nodeEntry, cwd: packed.consumer }),
  node24: () => runCli({ runtime: 'node24', bin: binary('node24'), kind: 'node', program: bundles.nodeEntry, cwd: packed.consumer }),
  bun: () => runCli({ runtime: 'bun', bin: binary('bun'), kind: 'bun', program: bundles.cliBundle, cwd: packed.consumer }),
  deno: () => runCli({ runtime: 'deno', bin: binary('deno'), kind: 'deno', program: bundles.cliBundle, cwd: packed.consumer }),
  workerd: () => runWorkerd({ runtime: 'workerd', bin: binary('workerd'), bundle: bundles.workerBundle }),
  chromium: () => runChromium({ runtime: 'chromium', executablePath: CHROMIUM, bundle: bundles.browserBundle }),
};
const timed = async (runtime) => {
  const t = Date.now();
  const result =
    installFailure(runtime) ?? (await runners[runtime]().catch((e) => startFailure(runtime, 'unknown', String(e?.stack ?? e))));
  return { ...result, ms: Date.now() - t };
};
const nodeBins = Object.fromEntries(selected.filter((r) => NODES.includes(r) && !installFailure(r)).map((r) => [r, binary(r)]));
const [runtimes, cjs, lint] = await Promise.all([
  Promise.all(selected.map(timed)),
  runCjsChecks(packed.consumer, installed, nodeBins),
  installErrors.tools ? [] : lintTarballs(packed.tarballs),
]);

let ok = true;
console.log('');
for (const r of runtimes) {
  const good = !r.error && r.failed === 0 && r.passed > 0;
  ok &&= good;
  console.log(`${r.runtime}: ${r.passed} passed, ${r.failed} failed  (${r.version}; ${r.packages.join('+') || 'no packages'}; ${r.ms} ms)`);
  if (r.error) console.log(`  ${r.passed === 0 ? 'could not run' : 'error'}: ${r.error.replaceAll('\n', '\n    ')}`);
  for (const f of r.failures.slice(0, 10)) console.log(`  FAIL ${f.id}\n    ${f.diffs.join('\n    ')}`);
}
for (const c of cjs) {
  ok &&= c.failed === 0;
  console.log(`${c.runtime} require() (CommonJS build): ${c.passed} passed, ${c.failed} failed`);
  for (const f of c.failures) console.log(`  FAIL ${f.id}\n    ${f.diffs.join('\n    ')}`);
}
if (installErrors.tools) console.log(`publint/attw not installed: ${installErrors.tools}`);
for (const l of lint) {
  ok &&= l.publint.ok && l.attw.ok;
  console.log(`${l.package} publint: ${l.publint.ok ? 'ok' : 'FAIL'}${l.publint.findings.map((f) => `\n  ${f}`).join('')}`);
  console.log(
    `${l.package} attw: ${l.attw.ok ? 'ok' : 'FAIL'}${l.attw.findings.map((f) => `\n  ${f}`).join('')}` +
      (l.attw.accepted.length ? `\n  accepted (ESM-only): ${l.attw.accepted.join('; ')}` : ''),
  );
}
for (const p of packed.missing) {
  ok = false; // every public package must be tested
  console.log(`@signwire/${p}: NOT TESTED (packages/${p}/dist missing)`);
}

const results = {
  date: new Date().toISOString().slice(0, 10),
  missingPackages: packed.missing,
  runtimes: runtimes.map(({ runtime, version, passed, failed, packages, error, failures }) => ({
    runtime,
    version,
    passed,
    failed,
    packages,
    ...(error ? { error } : {}),
    ...(failures.length ? { failures: failures.map((f) => f.id) } : {}),
  })),
  cjs: cjs.map(({ runtime, passed, failed }) => ({ runtime, passed, failed })),
  packLint: lint,
};
// Only a run of every runtime may stand for the README's table.
if (selected.length === ALL.length) {
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  if (process.argv.includes('--write-readme')) await import('./update-readme.mjs');
} else console.log('(a subset was run: results.json left unchanged)');
console.log(
  `\ntest:runtimes: ${ok ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s (results: scripts/runtimes/results.json)`,
);
process.exitCode = ok ? 0 : 1;
