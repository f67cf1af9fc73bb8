// Fuzzing: random and mutated bytes into the Signature-Input / Signature / Content-Digest parsers,
// core's verifier and the server verifier. No crash, no hang, always a SignwireError whose code is
// in core's ERROR_CODES.
import { ERROR_CODES, parseContentDigest, SignwireError } from '@signwire/core';
import { selectSignature } from '@signwire/core/internal';
import { createVerifier } from '@signwire/server';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Headers, KEYS, NOW, ORIGIN, sign, verify } from '../helpers/core-requests.js';

let inputs = 0;
const untyped: string[] = [];

afterAll(() => {
  console.log(`fuzz: ${inputs} inputs, ${untyped.length} untyped errors`);
  for (const u of untyped.slice(0, 5)) console.log(`  untyped: ${u}`);
});

function typed(run: () => unknown, describeInput: () => string): void {
  inputs++;
  const started = performance.now();
  try {
    run();
  } catch (error) {
    if (!(error instanceof SignwireError) || !Object.hasOwn(ERROR_CODES, error.code)) {
      untyped.push(`${String(error)} for ${describeInput()}`);
    }
  }
  const elapsed = performance.now() - started;
  if (elapsed > 250) untyped.push(`took ${elapsed.toFixed(0)} ms for ${describeInput()}`);
}

const base = sign({ method: 'POST', url: `${ORIGIN}/v1/orders?x=1`, headers: [['Content-Type', 'application/json']], body: '{"a":1}' });
const seeds = {
  input: base.signatureInput,
  signature: base.signature,
  digest: base.headers.find(([n]) => n === 'Content-Digest')?.[1] ?? '',
};

const ALPHABET = [
  '"',
  '(',
  ')',
  ';',
  '=',
  ':',
  ',',
  ' ',
  '\t',
  '*',
  '?',
  '%',
  '\\',
  '\u0000',
  '\u00ff',
  '\u{1F600}',
  '\r',
  '\n',
  '@',
  'sig1',
  '-1',
  '1e9',
  '.',
];
/** Mutations of a valid value: insert, delete, replace, duplicate, truncate. */
function mutated(seed: string): fc.Arbitrary<string> {
  const op = fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate', 'truncate', 'bytes'),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 12 }),
    text: fc.oneof(fc.constantFrom(...ALPHABET), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 })),
  });
  return fc.array(op, { minLength: 1, maxLength: 5 }).map((ops) => {
    let s = seed;
    for (const o of ops) {
      const at = s.length === 0 ? 0 : o.at % s.length;
      if (o.kind === 'insert') s = s.slice(0, at) + o.text + s.slice(at);
      else if (o.kind === 'delete') s = s.slice(0, at) + s.slice(at + o.len);
      else if (o.kind === 'replace') s = s.slice(0, at) + o.text + s.slice(at + o.text.length);
      else if (o.kind === 'duplicate') s = s.slice(0, at + o.len) + s.slice(at, at + o.len) + s.slice(at + o.len);
      else if (o.kind === 'truncate') s = s.slice(0, at);
      else s = s.slice(0, at) + Buffer.from(o.text, 'latin1').toString('latin1') + s.slice(at);
    }
    return s;
  });
}
const fieldArb = (seed: string) => fc.oneof(mutated(seed), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));

const RUNS = 5000;

describe('parsers', () => {
  it('Signature-Input + Signature (selectSignature)', () => {
    fc.assert(
      fc.property(fieldArb(seeds.input), fieldArb(seeds.signature), (input, signature) => {
        typed(
          () => selectSignature(input, signature, 'sig1'),
          () => JSON.stringify([input, signature]),
        );
      }),
      { numRuns: RUNS },
    );
  });
  it('Content-Digest (parseContentDigest)', () => {
    fc.assert(
      fc.property(fieldArb(seeds.digest), (digest) => {
        typed(
          () => parseContentDigest(digest),
          () => JSON.stringify(digest),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

const headersArb: fc.Arbitrary<Headers> = fc
  .record({
    input: fieldArb(seeds.input),
    signature: fieldArb(seeds.signature),
    digest: fieldArb(seeds.digest),
    contentLength: fc.option(fc.oneof(fc.constant('7'), fc.string({ maxLength: 8 })), { nil: undefined }),
    transferEncoding: fc.option(fc.constantFrom('chunked', 'CHUNKED', 'gzip, chunked', ''), { nil: undefined }),
    extra: fc.array(
      fc.tuple(fc.constantFrom('signature', 'Signature-Input', 'content-digest', 'content-type', 'x-a'), fc.string({ maxLength: 30 })),
      {
        maxLength: 3,
      },
    ),
  })
  .map((r) => {
    const headers: Headers = [
      ['Content-Type', 'application/json'],
      ['Signature-Input', r.input],
      ['Signature', r.signature],
      ['Content-Digest', r.digest],
      ...r.extra,
    ];
    if (r.contentLength !== undefined) headers.push(['Content-Length', r.contentLength]);
    if (r.transferEncoding !== undefined) headers.push(['Transfer-Encoding', r.transferEncoding]);
    return headers;
  });
const methodArb = fc.oneof(fc.constantFrom('POST', 'GET', 'post'), fc.string({ maxLength: 8 }));
const targetArb = fc.oneof(fc.constant('/v1/orders?x=1'), mutated('/v1/orders?x=1'), fc.string({ maxLength: 30 }));
const bodyArb = fc.oneof(fc.constant(new Uint8Array(Buffer.from('{"a":1}'))), fc.uint8Array({ maxLength: 64 }));

describe('verifiers', () => {
  it("core's verifyRequestSignature", () => {
    fc.assert(
      fc.property(methodArb, targetArb, headersArb, bodyArb, (method, target, headers, body) => {
        typed(
          () => {
            const code = verify({ method, url: ORIGIN + target, headers, body });
            if (code !== 'ok' && !Object.hasOwn(ERROR_CODES, code)) throw new Error(`unknown code ${code}`);
          },
          () => JSON.stringify({ method, target, headers }),
        );
      }),
      { numRuns: RUNS },
    );
  });
  it("the server's verifyMessage (raw field lines, byte-stream body)", async () => {
    // Every rejection is logged (the formatter sees the fuzzed method, target and messages): each
    // log entry must stay one line.
    const log = (line: string): void => {
      if (/[\r\n\u2028\u2029]/.test(line)) untyped.push(`a log entry spans lines: ${JSON.stringify(line)}`);
    };
    const verifier = createVerifier({ keys: KEYS, publicOrigin: ORIGIN, now: () => NOW, log });
    await fc.assert(
      fc.asyncProperty(methodArb, targetArb, headersArb, bodyArb, async (method, target, headers, body) => {
        inputs++;
        try {
          await verifier.verifyMessage({ method, requestTarget: target, headers, body });
        } catch (error) {
          if (!(error instanceof SignwireError) || !Object.hasOwn(ERROR_CODES, error.code)) {
            untyped.push(`${String(error)} for ${JSON.stringify({ method, target, headers })}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
  it('no untyped errors and no slow inputs', () => {
    expect(untyped).toEqual([]);
  });
});
