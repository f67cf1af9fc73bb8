// The API report (api/*.api.md, `pnpm api:check`): the committed reports match the sources, and a
// change to any entry's exports fails the check until `pnpm api:update` records it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RUN = join(ROOT, 'scripts/api-report/run.mjs');

function check(repo?: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [RUN, ...(repo === undefined ? [] : ['--repo', repo])], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the API report', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'signwire-api-report-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  function writeEntry(source: string): void {
    mkdirSync(join(fixture, 'packages/demo/src'), { recursive: true });
    const exports = { '.': { '@signwire/source': './src/index.ts' }, './package.json': './package.json' };
    writeFileSync(join(fixture, 'packages/demo/package.json'), JSON.stringify({ name: '@signwire/demo', exports }));
    writeFileSync(join(fixture, 'packages/demo/src/index.ts'), source);
  }

  it('matches the committed reports (pnpm api:check passes on this tree)', () => {
    const { status, output } = check();
    expect(output).toMatch(/reports match the sources/);
    expect(status).toBe(0);
  }, 60_000);

  it('fails when an export is added, names it, and says how to update', () => {
    writeEntry('/** One. */\nexport function one(): number {\n  return 1;\n}\n');
    execFileSync(process.execPath, [RUN, '--update', '--repo', fixture]);
    expect(check(fixture).status).toBe(0);

    writeEntry('/** One. */\nexport function one(): number {\n  return 1;\n}\n/** Two. */\nexport const two = 2;\n');
    const { status, output } = check(fixture);
    expect(status).toBe(1);
    expect(output).toContain('api/demo.api.md differs from the sources');
    expect(output).toContain('+ ## two');
    expect(output).toContain('pnpm api:update');
  }, 60_000);

  it('fails when a signature changes', () => {
    writeEntry('/** One. */\nexport function one(): number {\n  return 1;\n}\n');
    execFileSync(process.execPath, [RUN, '--update', '--repo', fixture]);
    writeEntry('/** One. */\nexport function one(scale: number): number {\n  return scale;\n}\n');
    const { status, output } = check(fixture);
    expect(status).toBe(1);
    expect(output).toContain('- function one(): number');
    expect(output).toContain('+ function one(scale: number): number');
  }, 60_000);
});
