import { describe, expect, it } from 'vitest';
import { VerificationError } from './errors.js';
import { type KeyRingEntry, verifyKeyWindow } from './key-window.js';
import { importSecret } from './secret.js';

const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });

function verdict(entry: KeyRingEntry | undefined, now: number): string {
  try {
    expect(verifyKeyWindow(entry, 'k1', now)).toBe(key);
    return 'OK';
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    expect((error as Error).message).toContain('"k1"');
    return (error as VerificationError).code;
  }
}

describe('verifyKeyWindow (spec §9 step 9)', () => {
  it.each<[string, KeyRingEntry | undefined, number, string]>([
    ['no entry for the keyid', undefined, 100, 'KEY_UNKNOWN'],
    ['an entry without a window', { key }, 100, 'OK'],
    ['one second before notBefore', { key, notBefore: 100 }, 99, 'KEY_NOT_YET_VALID'],
    ['at notBefore', { key, notBefore: 100 }, 100, 'OK'],
    ['one second before notAfter', { key, notAfter: 100 }, 99, 'OK'],
    ['at notAfter', { key, notAfter: 100 }, 100, 'KEY_RETIRED'],
    ['retired, inside its window', { key, retired: true, notBefore: 0, notAfter: 1000 }, 100, 'KEY_RETIRED'],
    ['not yet valid and retired: the start of the window first', { key, retired: true, notBefore: 200 }, 100, 'KEY_NOT_YET_VALID'],
  ])('%s', (_, entry, now, expected) => {
    expect(verdict(entry, now)).toBe(expected);
  });
});
