// The vector runner's format rules (test-vectors/README.md): it reads only signwire-vectors/v2, a
// case that requires an optional capability is skipped only when the runner is told to do without
// it, skipped cases are counted apart (never as passed), and the closing line is
// "N passed, M failed, K skipped". The CLI (bin/signwire-vectors.mjs) prints exactly that.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runVectorFile, summaryLine } from '../bin/vector-runner.mjs';
import * as corePublic from '../src/index.js';
import * as coreInternal from '../src/internal.js';

const core = { ...corePublic, ...coreInternal };

const VECTORS = join(import.meta.dirname, '../../../test-vectors/vectors');
const BIN = join(import.meta.dirname, '../bin/signwire-vectors.mjs');
const urlFile = JSON.parse(readFileSync(join(VECTORS, 'url.json'), 'utf8'));

interface Case {
  id: string;
  requires?: string[];
}
/** The ids of the cases that name `capability` in `requires`, read from every vector file. */
function requiring(capability: string): string[] {
  return readdirSync(VECTORS)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(VECTORS, f), 'utf8')).groups.flatMap((g: { cases: Case[] }) => g.cases))
    .filter((c: Case) => c.requires?.includes(capability))
    .map((c: Case) => c.id);
}

describe('vector runner: optional capabilities', () => {
  const uts46 = requiring('uts46');

  it('the uts46 cases are the url.json hosts that need UTS #46 (found by running the Python reference without it)', () => {
    expect(uts46.sort()).toEqual(
      [
        'url/host-percent-encoded',
        'url/idn-a-label-lower-cased',
        'url/idn-fullwidth-ipv4',
        'url/idn-host',
        'url/idn-ideographic-full-stop',
        'url/idn-sharp-s-nontransitional',
        'url/idn-trailing-dot',
        'url/idn-uppercase-mapped',
        'url/idn-with-port',
      ].sort(),
    );
  });

  it('runs every case, the uts46 ones too, when told to do without nothing', () => {
    const results = runVectorFile(core, urlFile);
    expect(results.filter((r) => r.skipped)).toEqual([]);
    expect(results.filter((r) => uts46.includes(r.id)).every((r) => r.ok)).toBe(true);
    expect(summaryLine(results)).toBe(`${results.length} passed, 0 failed, 0 skipped`);
  });

  it('--without uts46 skips exactly the cases that require uts46 and counts them as skipped, not passed', () => {
    const results = runVectorFile(core, urlFile, { without: ['uts46'] });
    const skipped = results.filter((r) => r.skipped === true);
    expect(skipped.map((r) => r.id).sort()).toEqual(uts46.sort());
    expect(skipped.every((r) => !r.ok && r.requires?.join() === 'uts46')).toBe(true);
    expect(results.filter((r) => !r.skipped).every((r) => r.ok)).toBe(true);
    expect(summaryLine(results)).toBe(`${results.length - uts46.length} passed, 0 failed, ${uts46.length} skipped`);
  });

  it('counts a failing case as failed next to skipped ones', () => {
    expect(summaryLine([{ ok: true }, { ok: false }, { ok: false, skipped: true }])).toBe('1 passed, 1 failed, 1 skipped');
  });

  it('refuses a capability that is not optional, and a file of another format version', () => {
    expect(() => runVectorFile(core, urlFile, { without: ['json'] })).toThrow(/cannot do without "json"/);
    expect(() => runVectorFile(core, { ...urlFile, schema: 'signwire-vectors/v1' })).toThrow(/signwire-vectors\/v2/);
  });

  it('the CLI prints one SKIP line per skipped case and the closing line, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--quiet', '--without', 'uts46', join(VECTORS, 'url.json')]);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('SKIP ')).sort()).toEqual(uts46.map((id) => `SKIP ${id}: requires uts46`).sort());
    expect(lines.at(-1)).toBe(
      `${urlFile.groups.flatMap((g: { cases: Case[] }) => g.cases).length - uts46.length} passed, 0 failed, ${uts46.length} skipped`,
    );
  });

  it('the CLI refuses an unknown capability with exit code 2', async () => {
    const run = promisify(execFile)(process.execPath, [BIN, '--without', 'idna2003']);
    await expect(run).rejects.toMatchObject({ code: 2 });
  });
});

describe('docs/implementing.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/implementing.md'), 'utf8');
  const stems = readdirSync(VECTORS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  const ids = new Set(
    readdirSync(VECTORS)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(join(VECTORS, f), 'utf8')).groups.flatMap((g: { cases: Case[] }) => g.cases))
      .map((c: Case) => c.id),
  );
  const named = [...doc.matchAll(/`([a-z0-9-]+\/[a-z0-9-]+)`/g)]
    .map((m) => m[1] as string)
    .filter((id) => stems.includes(id.split('/')[0] as string));

  it('names only vector ids that exist (the pinned-decision table among them)', () => {
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
