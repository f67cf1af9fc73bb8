/**
 * Issued keys (docs/spec.md §16): the key derived from a master over its key id (HKDF-SHA256,
 * RFC 5869), what a verifier does with an issued key id (§16.5 steps 1–5), and revocation (step 6).
 * Nothing here stores keys or reads a clock: `@signwire/server`'s `createKeyIssuer` adds those.
 */
import { utf8 } from './bytes.js';
import { ConfigurationError, VerificationError } from './errors.js';
import { type HashProvider, nobleHashes } from './hash.js';
import { parseIssuedKeyId } from './issued-key-id.js';
import type { KeyRingEntry } from './key-window.js';
import { exportKeyBytes, type HmacKey, importSecret } from './secret.js';

/** The HKDF `info` label, before a zero octet and the key id (§16.3). */
const INFO_LABEL = 'signwire-v1 issued key';
/** RFC 5869 §2.2: no salt is a string of HashLen zero octets. */
const NO_SALT = /* @__PURE__ */ new Uint8Array(32);
/** Above this a revocation time is a time after the year 5138 in seconds: milliseconds, by mistake. */
const MILLISECONDS_LOOKALIKE = 1e11;

/** Derives the keys of one master: key id → the key's 32 bytes. */
export type IssuedKeyDeriver = (keyId: string) => Uint8Array;

/**
 * Prepares HKDF-SHA256 under one master (docs/spec.md §16.3): the extract step (`PRK`) is computed
 * once, and each key is then one HMAC over `info ‖ 0x01` (L = 32 is one block of the expand step).
 *
 * @example
 * ```ts
 * const derive = createIssuedKeyDeriver(importSecret({ base64: MASTER }));
 * const key = importSecret(derive('swk1:m2026:user-8412:1700000000:1700000900')); // 32 bytes
 * ```
 * @param master - the master secret (a §2 key).
 * @param hashes - the hash implementation (default `nobleHashes`; servers pass `nodeHashes`).
 * @returns the deriver. It derives for any string: check the key id first (`parseIssuedKeyId`).
 */
export function createIssuedKeyDeriver(master: HmacKey, hashes: HashProvider = nobleHashes): IssuedKeyDeriver {
  const prk = hashes.hmacSha256(NO_SALT, exportKeyBytes(master));
  const expand = hashes.hmacSha256WithKey?.(prk) ?? ((data: Uint8Array) => hashes.hmacSha256(prk, data));
  const label = utf8(INFO_LABEL);
  return (keyId) => {
    const id = utf8(keyId);
    const input = new Uint8Array(label.length + 1 + id.length + 1);
    input.set(label);
    input.set(id, label.length + 1); // the zero octet between them is the array's initial value
    input[input.length - 1] = 0x01; // T(1) = HMAC(PRK, T(0) ‖ info ‖ 0x01), T(0) empty
    return expand(input);
  };
}

/** A master as a verifier sees it. */
export interface IssuingMaster {
  /** Derives the master's keys (see {@link createIssuedKeyDeriver}). */
  readonly derive: IssuedKeyDeriver;
  /** A retired master's keys are refused (KEY_RETIRED). */
  readonly retired: boolean;
}

/** The key ring entry of an issued key: the key, its window, and whom it was issued to. */
export interface IssuedKeyEntry extends KeyRingEntry {
  /** The key id's subject. */
  readonly subject: string;
  /** The key id's issued-at, Unix seconds (for revocation). */
  readonly issuedAt: number;
  /** The key id's expires: the key is refused from then on (KEY_RETIRED). */
  readonly notAfter: number;
}

/**
 * §16.5 steps 1–3 and 5 for an issued key id: parse it, find its master, bound its lifetime, derive
 * its key. Step 4 (a retired master, `now >= expires`) is the key window of `verifyKeyWindow`, through
 * the entry's `retired` and `notAfter`.
 *
 * @param keyId - a received `keyid` that starts with `swk1:`.
 * @param masterFor - the masters by id.
 * @param maxTtlSeconds - the longest lifetime (`expires − issued-at`) an issuer issues.
 * @returns the entry, or `undefined` for KEY_UNKNOWN (no such key id, master or lifetime).
 */
export function resolveIssuedKey(
  keyId: string,
  masterFor: (masterId: string) => IssuingMaster | undefined,
  maxTtlSeconds: number,
): IssuedKeyEntry | undefined {
  const fields = parseIssuedKeyId(keyId);
  if (fields === undefined) return undefined; // step 1
  const master = masterFor(fields.masterId);
  if (master === undefined) return undefined; // step 2
  if (fields.expires - fields.issuedAt > maxTtlSeconds) return undefined; // step 3: before the retired master of step 4

  return {
    key: importSecret(master.derive(keyId)),
    notAfter: fields.expires,
    retired: master.retired,
    subject: fields.subject,
    issuedAt: fields.issuedAt,
  };
}

/**
 * §16.5 step 6, after the MAC and digest verified: a key issued before its subject's revocation
 * time is refused. `Infinity` revokes every key of the subject, whenever issued (a deleted account).
 *
 * @param keyId - the key id (for the message).
 * @param entry - the key's subject and issued-at.
 * @param revokedBefore - the subject's revocation time (Unix seconds, or `Infinity`), or `undefined` for none.
 * @throws VerificationError KEY_REVOKED; ConfigurationError CONFIGURATION_INVALID when `revokedBefore`
 * is neither a finite number of seconds nor `Infinity` (a time in milliseconds, `NaN`, `-Infinity`,
 * a `Date` or a string included).
 */
export function checkRevocation(keyId: string, entry: Pick<IssuedKeyEntry, 'subject' | 'issuedAt'>, revokedBefore: unknown): void {
  if (revokedBefore === undefined || revokedBefore === null) return;
  if (revokedBefore === Number.POSITIVE_INFINITY) {
    throw new VerificationError('KEY_REVOKED', `the key "${keyId}" is refused: every key of subject "${entry.subject}" is revoked`);
  }
  if (typeof revokedBefore !== 'number' || !Number.isFinite(revokedBefore) || revokedBefore > MILLISECONDS_LOOKALIKE) {
    const shown = typeof revokedBefore === 'number' ? String(revokedBefore) : `a ${typeof revokedBefore}`;
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      `revokedBefore("${entry.subject}") returned ${shown}: it must return Unix seconds (Math.ceil(Date.now() / 1000)), not milliseconds or a Date, Infinity to revoke every key of the subject, or undefined`,
    );
  }
  if (entry.issuedAt < revokedBefore) {
    throw new VerificationError(
      'KEY_REVOKED',
      `the key "${keyId}" was issued at ${entry.issuedAt}, before the keys of subject "${entry.subject}" were revoked (${revokedBefore}): a new key must be issued`,
    );
  }
}
