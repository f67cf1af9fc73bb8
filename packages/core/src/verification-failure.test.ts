import { describe, expect, it } from 'vitest';
import { ConfigurationError, SignwireError, VerificationError } from './errors.js';
import { asVerificationError, fail } from './verification-failure.js';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('how a verification step refuses', () => {
  it('fail() is a VerificationError with the code and its status', () => {
    const error = fail('DIGEST_MISMATCH', 'the body does not match its Content-Digest');
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ code: 'DIGEST_MISMATCH', status: 401, message: 'the body does not match its Content-Digest' });
  });

  it('a shared module’s SignwireError leaves as a VerificationError with the same code, the original as cause', () => {
    const original = new SignwireError('SIGNATURE_MALFORMED', 'Signature-Input is not a dictionary');
    const error = caught(() =>
      asVerificationError(() => {
        throw original;
      }),
    );
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ code: 'SIGNATURE_MALFORMED', status: 400, message: original.message, cause: original });
  });

  it('a ConfigurationError stays one (an invalid key is no refused request)', () => {
    const original = new ConfigurationError('KEY_INVALID', 'the key is shorter than 32 bytes');
    expect(
      caught(() =>
        asVerificationError(() => {
          throw original;
        }),
      ),
    ).toBe(original);
  });

  it('a VerificationError and a foreign error pass through unchanged', () => {
    const refused = fail('KEY_UNKNOWN', 'no key');
    const foreign = new TypeError('not ours');
    expect(
      caught(() =>
        asVerificationError(() => {
          throw refused;
        }),
      ),
    ).toBe(refused);
    expect(
      caught(() =>
        asVerificationError(() => {
          throw foreign;
        }),
      ),
    ).toBe(foreign);
  });

  it('returns what the step returns', () => {
    expect(asVerificationError(() => 42)).toBe(42);
  });
});
