#!/usr/bin/env node
/**
 * The `signwire` executable.
 */
import { readFileSync } from 'node:fs';
import { processIo } from './io.js';
import { main } from './main.js';

/** Exit code of an unexpected failure (a bug), apart from the documented ones (sysexits' EX_SOFTWARE). */
const INTERNAL_ERROR = 70;

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

try {
  process.exitCode = await main(process.argv.slice(2), processIo(), {
    version: manifest.version,
    inspectorAssets: new URL('./inspector/', import.meta.url),
  });
} catch (error) {
  process.stderr.write(`signwire: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = INTERNAL_ERROR;
}
