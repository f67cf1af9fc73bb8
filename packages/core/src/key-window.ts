/**
 * Step 9 of docs/spec.md §9: the key named by `keyid`, accepted only inside its validity window.
 */
import type { HmacKey } from './secret.js';
import { fail } from './verification-failure.js';

/** A key in the verifier's key ring. */
export interface KeyRingEntry {
  /** The key (see `importSecret`). */
  readonly key: HmacKey;
  /** Unix seconds before which the key is not accepted. */
  readonly notBefore?: number | undefined;
  /** Unix seconds from which the key is no longer accepted. */
  readonly notAfter?: number | undefined;
  /** A retired key is never accepted. */
  readonly retired?: boolean | undefined;
  /** Whom an issued key was issued to (docs/spec.md §16); reported as the verified signature's `subject`. */
  readonly subject?: string | undefined;
  /**
   * Runs once the MAC and the digest verified, before the replay store (docs/spec.md §16.5 step 6):
   * throws to refuse the request (KEY_REVOKED). `verifyRequestSignature` is synchronous and refuses
   * one that returns a promise; `@signwire/server` awaits it.
   */
  readonly confirm?: (() => void | PromiseLike<void>) | undefined;
}

/**
 * Verifies that a key ring entry exists and is inside its validity window, and returns its key.
 *
 * @param entry - the key ring entry for `keyid`, or `undefined`.
 * @param keyId - the key id (for the message).
 * @param now - Unix seconds.
 * @returns the key.
 * @throws VerificationError KEY_UNKNOWN, KEY_NOT_YET_VALID or KEY_RETIRED.
 */
export function verifyKeyWindow(entry: KeyRingEntry | undefined, keyId: string, now: number): HmacKey {
  if (entry === undefined) throw fail('KEY_UNKNOWN', `no key with keyid "${keyId}"`);
  if (entry.notBefore !== undefined && now < entry.notBefore) throw fail('KEY_NOT_YET_VALID', `the key "${keyId}" is not valid yet`);
  if (entry.retired === true) throw fail('KEY_RETIRED', `the key "${keyId}" is retired`);
  if (entry.notAfter !== undefined && now >= entry.notAfter) {
    throw fail('KEY_RETIRED', `the key "${keyId}" expired at ${entry.notAfter} (now ${now}): it is retired`);
  }
  return entry.key;
}
