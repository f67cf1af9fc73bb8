#!/usr/bin/env node
// `pnpm runtimes:readme` — writes README's runtime table from scripts/runtimes/results.json.
// `--check`: exits 1 (changing nothing) when the README's table does not match the results.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, RESULTS_FILE } from './config.mjs';
import { renderTable, replaceSection } from './readme-table.mjs';

const readmePath = join(REPO, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = replaceSection(readme, renderTable(JSON.parse(readFileSync(RESULTS_FILE, 'utf8'))));
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md runtime table is out of date: run `pnpm runtimes:readme`');
    process.exitCode = 1;
  } else console.log('README.md runtime table matches results.json');
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log('README.md runtime table updated');
} else console.log('README.md runtime table already up to date');
