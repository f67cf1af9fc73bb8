import { describe, expect, it } from 'vitest';
import { readSignatureFields } from './received-fields.js';

describe('readSignatureFields (the fields spec §9 steps 3–8 read)', () => {
  it('finds nothing in a request without them', () => {
    expect(
      readSignatureFields([
        ['host', 'a'],
        ['accept', '*/*'],
      ]),
    ).toEqual({
      signatureInput: undefined,
      signature: undefined,
      contentDigest: undefined,
      hasContentType: false,
      hasContentEncoding: false,
    });
  });

  it('combines the lines of one field with ", " in received order, names in any case', () => {
    const read = readSignatureFields([
      ['Signature', 'a=:AA==:'],
      ['SIGNATURE-INPUT', 'a=()'],
      ['content-digest', 'sha-256=:AA==:'],
      ['signature', 'b=:BB==:'],
      ['Signature-Input', 'b=("@method")'],
      ['Content-Type', 'application/json'],
      ['content-encoding', 'gzip'],
    ]);
    expect(read).toEqual({
      signatureInput: 'a=(), b=("@method")',
      signature: 'a=:AA==:, b=:BB==:',
      contentDigest: 'sha-256=:AA==:',
      hasContentType: true,
      hasContentEncoding: true,
    });
  });

  it('does not mistake a field whose name only starts like one it reads', () => {
    const read = readSignatureFields([
      ['signature-inputs', 'x'],
      ['content-types', 'y'],
    ]);
    expect(read.signatureInput).toBeUndefined();
    expect(read.hasContentType).toBe(false);
  });
});
