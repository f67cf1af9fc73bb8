import { describe, expect, it } from 'vitest';
import { VerificationError } from './errors.js';
import { checkBodyLength, parseFraming } from './framing.js';
import type { FieldLines } from './headers.js';
import { resolvePolicy } from './verification-policy.js';

const policy = resolvePolicy({ maxBodyBytes: 100 });

/** The code a step refuses with, or 'OK' with its result. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).code;
  }
}

describe('parseFraming (spec §9 steps 1–2, headers only)', () => {
  it.each<[string, FieldLines, unknown]>([
    ['no framing fields: nothing declared', [['host', 'a']], undefined],
    ['one Content-Length', [['content-length', '42']], 42],
    ['SP and HTAB around the value are ignored', [['Content-Length', '\t 5 ']], 5],
    ['a vertical tab is not whitespace here', [['content-length', '\u000b5']], 'FRAMING_AMBIGUOUS'],
    ['a no-break space is not whitespace here', [['content-length', '\u00a05']], 'FRAMING_AMBIGUOUS'],
    [
      'two equal Content-Length lines are ambiguous',
      [
        ['content-length', '5'],
        ['content-length', '5'],
      ],
      'FRAMING_AMBIGUOUS',
    ],
    ['a comma list is ambiguous', [['content-length', '5, 5']], 'FRAMING_AMBIGUOUS'],
    ['16 digits are refused', [['content-length', '1234567890123456']], 'FRAMING_AMBIGUOUS'],
    [
      'Content-Length and Transfer-Encoding',
      [
        ['content-length', '5'],
        ['transfer-encoding', 'chunked'],
      ],
      'FRAMING_AMBIGUOUS',
    ],
    ['Transfer-Encoding chunked, any case', [['transfer-encoding', 'Chunked']], undefined],
    ['Transfer-Encoding gzip', [['transfer-encoding', 'gzip']], 'FRAMING_AMBIGUOUS'],
    [
      'chunked on two lines',
      [
        ['transfer-encoding', 'chunked'],
        ['transfer-encoding', 'chunked'],
      ],
      'FRAMING_AMBIGUOUS',
    ],
    ['chunked, chunked', [['transfer-encoding', 'chunked, chunked']], 'FRAMING_AMBIGUOUS'],
    ['a declared length over maxBodyBytes', [['content-length', '101']], 'BODY_TOO_LARGE'],
    ['a declared length at maxBodyBytes', [['content-length', '100']], 100],
  ])('%s', (_, fields, expected) => {
    expect(outcome(() => parseFraming(fields, policy))).toBe(expected);
  });

  it('limits each signature field to 8192 characters, its lines joined with ", "', () => {
    const half = 'a'.repeat(4095);
    // 4095 + 2 + 4095 = 8192: at the limit; one more character is over it.
    expect(
      outcome(() =>
        parseFraming(
          [
            ['signature', half],
            ['Signature', half],
          ],
          policy,
        ),
      ),
    ).toBe(undefined);
    expect(
      outcome(() =>
        parseFraming(
          [
            ['signature', half],
            ['Signature', `${half}a`],
          ],
          policy,
        ),
      ),
    ).toBe('FIELD_TOO_LARGE');
    expect(outcome(() => parseFraming([['content-digest', 'a'.repeat(8193)]], policy))).toBe('FIELD_TOO_LARGE');
    expect(outcome(() => parseFraming([['signature-input', 'a'.repeat(8193)]], policy))).toBe('FIELD_TOO_LARGE');
    expect(outcome(() => parseFraming([['x-other', 'a'.repeat(20_000)]], policy))).toBe(undefined);
  });

  it('checks field sizes before framing (step 1 before step 2)', () => {
    const fields: FieldLines = [
      ['content-length', '5'],
      ['transfer-encoding', 'chunked'],
      ['signature', 'a'.repeat(8193)],
    ];
    expect(outcome(() => parseFraming(fields, policy))).toBe('FIELD_TOO_LARGE');
  });
});

describe('checkBodyLength (spec §9 step 2, the body in hand)', () => {
  it.each<[string, number, number | undefined, unknown]>([
    ['no Content-Length', 3, undefined, undefined],
    ['Content-Length equal to the body', 3, 3, undefined],
    ['Content-Length larger than the body (a truncated body)', 3, 4, 'CONTENT_LENGTH_MISMATCH'],
    ['Content-Length smaller than the body (smuggled bytes)', 4, 3, 'CONTENT_LENGTH_MISMATCH'],
    ['a body over maxBodyBytes', 101, undefined, 'BODY_TOO_LARGE'],
  ])('%s', (_, size, declared, expected) => {
    expect(outcome(() => checkBodyLength(new Uint8Array(size), declared, policy))).toBe(expected);
  });
});
