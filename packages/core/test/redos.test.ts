// Regular-expression denial of service (ReDoS): attacker-chosen values must not make a regex quadratic. Correctness
// is checked exactly; the liveness guards use inputs where the old code took tens of seconds and the
// linear code takes milliseconds, with a 2 s bound: hang detectors, not performance measurements
// (those live in `pnpm bench`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trimOws } from '../src/components.js';
import { importSecret, signRequest, verifyResponseSignature } from '../src/index.js';
import { createSignatureBase, parseFraming, resolvePolicy, splitTargetUrl } from '../src/internal.js';

const HANG_GUARD_MS = 2_000;
const PAD = `a${' '.repeat(256_000)}a`; // a long inner run of spaces: the quadratic case for /^[ \t]+|[ \t]+$/g

function elapsed(run: () => unknown): number {
  const start = performance.now();
  try {
    run();
  } catch {
    // only termination matters here
  }
  return performance.now() - start;
}

describe('trimOws', () => {
  it('strips exactly leading and trailing SP and HTAB', () => {
    expect(trimOws(' \t a \t b \t ')).toBe('a \t b');
    expect(trimOws('')).toBe('');
    expect(trimOws(' \t ')).toBe('');
    expect(trimOws('a')).toBe('a');
    expect(trimOws('\na\n')).toBe('\na\n');
  });
  it('agrees with the regex it replaces', () => {
    const text = fc.string({ unit: fc.constantFrom(' ', '\t', 'a', ',', '\n'), maxLength: 30 });
    fc.assert(
      fc.property(text, (value) => trimOws(value) === value.replace(/^[ \t]+|[ \t]+$/g, '')),
      { numRuns: 2000 },
    );
  });
});

describe('hostile sizes terminate promptly (hang guards)', () => {
  it('a covered 256 KB header with an inner run of spaces', () => {
    const source = { method: 'GET', target: splitTargetUrl('https://api.example.com/'), fields: [['x-pad', PAD]] as const };
    expect(elapsed(() => createSignatureBase([{ name: 'x-pad' }], source, '("x-pad")'))).toBeLessThan(HANG_GUARD_MS);
  });

  it('a client verifying a hostile response that covers such a header (before any MAC check)', () => {
    const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
    const signed = signRequest({
      request: { method: 'GET', url: 'https://api.example.com/v1' },
      key,
      keyId: 'client-1',
      created: 1,
      nonce: 'AAECAwQFBgcICQoLDA0ODw',
    });
    const covered = '"@status" "@method";req "@authority";req "@path";req "@query";req "signature";key="sig1";req "x-pad"';
    const response = {
      status: 200,
      headers: [
        ['x-pad', PAD],
        ['signature-input', `sig1=(${covered});created=1;keyid="client-1";alg="hmac-sha256";tag="signwire-v1-response"`],
        ['signature', `sig1=:${'A'.repeat(43)}=:`],
      ] as [string, string][],
    };
    const request = { method: signed.method, url: signed.url, headers: signed.headers };
    expect(elapsed(() => verifyResponseSignature({ request, key, keyId: 'client-1', response }))).toBeLessThan(HANG_GUARD_MS);
  });

  it('a URL with a 256 KB authority followed by #', () => {
    expect(elapsed(() => splitTargetUrl(`https://${'a'.repeat(256_000)}#x`))).toBeLessThan(HANG_GUARD_MS);
  });

  // Step 2 reads Content-Length and Transfer-Encoding from any request, before the signature is
  // looked at: an unauthenticated client chooses these values.
  it.each([
    ['Content-Length', 'content-length'],
    ['Transfer-Encoding', 'transfer-encoding'],
  ])('a %s value with an inner run of spaces (before any signature check)', (_field, name) => {
    const policy = resolvePolicy({});
    expect(elapsed(() => parseFraming([[name, PAD]], policy))).toBeLessThan(HANG_GUARD_MS);
  });
});
