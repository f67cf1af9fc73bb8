/**
 * Verifying a request (docs/spec.md §9) in one synchronous call, for a fixed key ring and clock. Each
 * step is its own module, named after the spec's concept; `@signwire/server` composes the same steps
 * with asynchronous key resolvers and replay stores.
 */
import { utf8 } from './bytes.js';
import { atBoundary, ConfigurationError } from './errors.js';
import { checkBodyLength, parseFraming } from './framing.js';
import type { HashProvider } from './hash.js';
import { toFieldLines } from './headers.js';
import { type KeyRingEntry, verifyKeyWindow } from './key-window.js';
import { type VerifiedSignature, verifyMac } from './mac.js';
import { hasContentCoding, parseReceivedJson, singleContentType } from './received-json.js';
import { parseSignatureOf } from './received-signature.js';
import type { SignableRequest } from './request.js';
import type { VerificationCache } from './verification-cache.js';
import { asVerificationError, fail } from './verification-failure.js';
import { DEFAULT_POLICY, resolvePolicy, type VerificationPolicy } from './verification-policy.js';

/** Everything {@link verifyRequestSignature} needs. */
export interface VerifyRequestInput {
  /** The received request: URL = configured origin + raw request target; body = bytes received. */
  readonly request: SignableRequest;
  /** The verifier's clock, Unix seconds. */
  readonly now: number;
  /** Looks a key up by `keyid`. */
  readonly lookupKey: (keyId: string) => KeyRingEntry | undefined;
  /** The policy (defaults per docs/spec.md §9). */
  readonly policy?: VerificationPolicy | undefined;
  /** Whether `(keyId, nonce)` is a live entry of the replay store. */
  readonly isNonceSeen?: ((keyId: string, nonce: string) => boolean) | undefined;
  /** The hash implementation. */
  readonly hashes?: HashProvider | undefined;
  /** The verifier's memory between requests (see `createVerificationCache`); none by default. */
  readonly cache?: VerificationCache | undefined;
}

/**
 * Runs every verification step (docs/spec.md §9) synchronously. Servers use `@signwire/server`,
 * which composes the same steps with asynchronous key resolvers and nonce stores.
 *
 * @param input - the request, clock, key ring and policy.
 * @returns the verified signature.
 * @throws VerificationError with the code of the first failing check.
 */
export function verifyRequestSignature(input: VerifyRequestInput): VerifiedSignature {
  return asVerificationError(() =>
    atBoundary('CONFIGURATION_INVALID', 'the verifyRequestSignature() input', () => {
      if (input === null || typeof input !== 'object' || input.request === null || typeof input.request !== 'object') {
        throw new ConfigurationError('CONFIGURATION_INVALID', 'verifyRequestSignature() needs { request, now, lookupKey }');
      }
      return verifyInOrder(input);
    }),
  );
}

/** The steps of docs/spec.md §9, in its order. */
function verifyInOrder(input: VerifyRequestInput): VerifiedSignature {
  const { now } = input;
  const policy = input.policy === undefined ? DEFAULT_POLICY : resolvePolicy(input.policy);
  const fields = toFieldLines(input.request.headers);
  const declaredLength = parseFraming(fields, policy); // 1–2. field sizes, framing
  const body = typeof input.request.body === 'string' ? utf8(input.request.body) : (input.request.body ?? new Uint8Array(0));
  checkBodyLength(body, declaredLength, policy);
  const request = { ...input.request, headers: fields };
  const pending = parseSignatureOf(request, fields, body, policy, now, true, input.cache); // 3–8. presence … coverage
  const entry = input.lookupKey(pending.params.keyid);
  const key = verifyKeyWindow(entry, pending.params.keyid, now); // 9. key
  const verified = verifyMac(pending, key, input.hashes, input.cache); // 10–12. base, MAC, digest
  if (!hasContentCoding(fields)) parseReceivedJson(singleContentType(fields), body, policy.allowJsonPrototypeMembers); // 12. JSON body
  if (entry?.confirm !== undefined) confirmNow(entry.confirm); // revocation (§16.5 step 6)
  if (input.isNonceSeen?.(verified.keyId, verified.nonce) === true) throw fail('NONCE_REPLAYED', 'this nonce was already used'); // 13. replay
  return entry?.subject === undefined ? verified : { ...verified, subject: entry.subject };
}

/** Runs a key's `confirm` hook, which must answer synchronously here. */
function confirmNow(confirm: () => void | PromiseLike<void>): void {
  const answer = confirm();
  if (typeof (answer as PromiseLike<void> | undefined)?.then === 'function') {
    Promise.resolve(answer).catch(() => undefined); // refused below; its outcome must not go unhandled
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'verifyRequestSignature is synchronous: a key whose confirm() returns a promise needs @signwire/server',
    );
  }
}
