#!/usr/bin/env node
// `pnpm api:check`: the API report of every package entry (api/*.api.md) against the sources; exits 1
// on any difference and says how to update. `pnpm api:update` (--update) rewrites the reports.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareReports, listEntries, REPO, renderReports } from './report.mjs';

// --repo DIR reports another checkout (the report's own tests use a small one).
const repoArg = process.argv.indexOf('--repo');
const repo = repoArg > 0 ? process.argv[repoArg + 1] : REPO;
const API_DIR = join(repo, 'api');
const update = process.argv.includes('--update');
const reports = renderReports(listEntries(repo), repo);

if (update) {
  mkdirSync(API_DIR, { recursive: true });
  for (const file of readdirSync(API_DIR)) if (file.endsWith('.api.md') && !reports.has(file)) rmSync(join(API_DIR, file));
  for (const [file, text] of reports) writeFileSync(join(API_DIR, file), text);
  console.log(`api: wrote ${reports.size} reports to api/`);
} else {
  const onDisk = new Map();
  for (const file of existsSync(API_DIR) ? readdirSync(API_DIR) : [])
    if (file.endsWith('.api.md')) onDisk.set(file, readFileSync(join(API_DIR, file), 'utf8'));
  const differences = compareReports(reports, onDisk);
  if (differences.length === 0) {
    console.log(`api: ${reports.size} reports match the sources`);
  } else {
    for (const { file, added, removed } of differences) {
      console.error(`api/${file} differs from the sources:`);
      for (const line of removed) console.error(`  - ${line}`);
      for (const line of added) console.error(`  + ${line}`);
    }
    console.error('\nThe public API changed. If that is intended, run `pnpm api:update` and commit api/ with the change.');
    process.exit(1);
  }
}
