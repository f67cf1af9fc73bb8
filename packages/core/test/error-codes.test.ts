// The error-code contract: every code is in the spec's table with the same status, and every code
// the spec says is proven by vectors has at least one negative vector.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/index.js';

const ROOT = join(import.meta.dirname, '../../..');
const spec = readFileSync(join(ROOT, 'docs/spec.md'), 'utf8');
const table = new Map(
  [...spec.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => [
    m[1],
    { status: Number(m[2]), provenBy: m[3]?.trim() },
  ]),
);
const vectorCodes = new Set<string>();
for (const file of readdirSync(join(ROOT, 'test-vectors/vectors')).filter((f) => f.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(ROOT, 'test-vectors/vectors', file), 'utf8'));
  for (const group of doc.groups) for (const c of group.cases) if (c.expected?.error) vectorCodes.add(c.expected.error);
}

describe('error codes', () => {
  it('docs/spec.md §10 lists exactly the codes of ERROR_CODES', () => {
    expect([...table.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
  for (const [code, status] of Object.entries(ERROR_CODES)) {
    it(`${code}: status ${status} as in the spec, and proven where the spec says`, () => {
      expect(table.get(code)?.status).toBe(status);
      if (table.get(code)?.provenBy?.startsWith('vectors')) expect(vectorCodes.has(code), `no vector expects ${code}`).toBe(true);
    });
  }
  it('no vector expects a code that does not exist', () => {
    for (const code of vectorCodes) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
});
