#!/usr/bin/env node
// signwire-vectors [--quiet] [--without uts46] [file.json …]: runs Signwire test vectors against this
// package's build and prints one line per case (only failures and skips with --quiet) and a closing
// "N passed, M failed, K skipped" line. --without uts46 skips the cases that require UTS #46 (spec
// §4.1). Without files it runs the repo's test-vectors/vectors/*.json.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as corePublic from '../dist/index.js';
import * as coreInternal from '../dist/internal.js';
import { OPTIONAL_CAPABILITIES, runVectorFile, summaryLine } from './vector-runner.mjs';

/** The public surface and the internal helpers the vectors also drive (issued keys, clock offsets, bytes). */
const core = { ...corePublic, ...coreInternal };

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => a !== '--');
let quiet = false;
const without = [];
let files = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--quiet') quiet = true;
  else if (arg === '--without') {
    const capability = args[++i];
    if (!OPTIONAL_CAPABILITIES.includes(capability)) {
      console.error(`--without takes one of ${OPTIONAL_CAPABILITIES.join(', ')}, not ${JSON.stringify(capability)}`);
      process.exit(2);
    }
    without.push(capability);
  } else if (arg.startsWith('--')) {
    console.error(`unknown option ${arg}; usage: signwire-vectors [--quiet] [--without uts46] [file.json …]`);
    process.exit(2);
  } else files.push(resolve(arg));
}
if (files.length === 0) {
  const dir = join(here, '../../../test-vectors/vectors');
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
const all = [];
for (const path of files) {
  const results = runVectorFile(core, JSON.parse(readFileSync(path, 'utf8')), { without });
  for (const { id, ok, skipped, requires, diffs } of results) {
    all.push({ ok, skipped });
    if (skipped) console.log(`SKIP ${id}: requires ${requires.join(', ')}`);
    else if (!ok || !quiet) console.log(`${ok ? 'ok  ' : 'FAIL'} ${id}${ok ? '' : `\n       ${diffs.join('\n       ')}`}`);
  }
}
console.log(summaryLine(all));
const passed = all.filter((r) => r.ok).length;
const failed = all.filter((r) => !r.ok && !r.skipped).length;
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
