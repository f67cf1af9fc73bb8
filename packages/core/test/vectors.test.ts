// Every vector in test-vectors/vectors/ through the TypeScript core. Expected values were computed
// by the independent Python implementation (test-vectors/python), not by this code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runVectorFile } from '../bin/vector-runner.mjs';
import * as corePublic from '../src/index.js';
import * as coreInternal from '../src/internal.js';

const core = { ...corePublic, ...coreInternal };

const DIR = join(import.meta.dirname, '../../../test-vectors');
const files = readdirSync(join(DIR, 'vectors'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(DIR, 'schema.json'), 'utf8')));

describe('test vectors', () => {
  it('exist: at least 60 signing, 40 verification, 12 response-signing, 15 response-verification, 25 clock and 40 issued-key cases', () => {
    const counts: Record<string, number> = {};
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(DIR, 'vectors', file), 'utf8'));
      const count = doc.groups.reduce((n: number, g: { cases: unknown[] }) => n + g.cases.length, 0);
      counts[doc.kind] = (counts[doc.kind] ?? 0) + count;
    }
    expect(counts.sign).toBeGreaterThanOrEqual(60);
    expect(counts.verify).toBeGreaterThanOrEqual(40);
    expect(counts['response-sign']).toBeGreaterThanOrEqual(12);
    expect(counts['response-verify']).toBeGreaterThanOrEqual(15);
    expect(counts.clock).toBeGreaterThanOrEqual(25);
    expect(counts['issued-key']).toBeGreaterThanOrEqual(40);
  });

  for (const file of readdirSync(join(DIR, 'cases')).filter((f) => f.endsWith('.json'))) {
    it(`the recipe cases/${file} matches schema.json`, () => {
      validate(JSON.parse(readFileSync(join(DIR, 'cases', file), 'utf8')));
      expect(validate.errors ?? []).toEqual([]);
    });
  }

  for (const file of files) {
    describe(file, () => {
      const doc = JSON.parse(readFileSync(join(DIR, 'vectors', file), 'utf8'));
      it('matches schema.json', () => {
        validate(doc);
        expect(validate.errors ?? []).toEqual([]);
      });
      for (const result of runVectorFile(core, doc)) {
        it(result.id, () => expect(result.diffs).toEqual([]));
      }
    });
  }
});
