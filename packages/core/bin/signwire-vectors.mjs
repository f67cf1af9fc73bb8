#!/usr/bin/env node
// signwire-vectors [file.json …]: runs Signwire test vectors against this package's build and prints
// one line per case and a closing "N passed, M failed" line. Without arguments it runs the repo's
// test-vectors/vectors/*.json.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as corePublic from '../dist/index.js';
import * as coreInternal from '../dist/internal.js';
import { runVectorFile } from './vector-runner.mjs';

/** The public surface and the internal helpers the vectors also drive (issued keys, clock offsets, bytes). */
const core = { ...corePublic, ...coreInternal };

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => a !== '--');
const quiet = args.includes('--quiet');
let files = args.filter((a) => !a.startsWith('--')).map((f) => resolve(f));
if (files.length === 0) {
  const dir = join(here, '../../../test-vectors/vectors');
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
let passed = 0;
let failed = 0;
for (const path of files) {
  const results = runVectorFile(core, JSON.parse(readFileSync(path, 'utf8')));
  for (const { id, ok, diffs } of results) {
    if (ok) passed++;
    else failed++;
    if (!ok || !quiet) console.log(`${ok ? 'ok  ' : 'FAIL'} ${id}${ok ? '' : `\n       ${diffs.join('\n       ')}`}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
