/**
 * What the verification pipeline (docs/spec.md §9) is given at construction: the policy, the key
 * ring, the origin, the replay store, the clock, and where failures are reported.
 */
import type { HashProvider, HmacKey, VerificationCache, VerificationError } from '@signwire/core';
import type { PendingVerification, ResolvedPolicy } from '@signwire/core/internal';
import type { KeyFinder } from './key-ring.js';
import type { NonceStore } from './nonce-store.js';
import type { OriginMismatchHint } from './origin-mismatch.js';
import type { OriginResolver } from './public-origin.js';
import type { FailureDetails, ReceivedMessage } from './verifier-types.js';

/** Everything the pipeline needs, fixed at construction. */
export interface Pipeline {
  readonly policy: ResolvedPolicy;
  readonly requireExpires: boolean;
  /** How long the body read may take (`bodyTimeoutMs`). */
  readonly bodyTimeoutMs: number;
  /** Answers synchronously for a fixed ring; only a resolver's promise is awaited. */
  readonly lookupKey: KeyFinder;
  readonly resolveOrigin: OriginResolver;
  readonly nonceStore: NonceStore;
  readonly hashes: HashProvider;
  /** This verifier's memory between requests (prepared HMAC keys, checked covered lists). */
  readonly cache: VerificationCache;
  readonly now: () => number;
  /** Sees the host the request was sent to when `publicOrigin` is set, for the hint of a failed MAC. */
  readonly originHint: OriginMismatchHint | undefined;
  /** Called with every failure, the details for `onFailure`, and the message as received. */
  readonly onFailure: (error: unknown, details: FailureDetails, message: ReceivedMessage) => void;
  /**
   * Called when a request was refused for its time (SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE) but
   * everything else checks out: its MAC and digest verified with a currently valid key, and the key's
   * `confirm` (revocation) accepted it. Only such a rejection may be signed.
   */
  readonly onTimeRejection: (error: VerificationError, rejected: TimeRejection) => void;
}

/** A request refused for its time whose signature otherwise verifies, with a currently valid, confirmed key. */
export interface TimeRejection {
  /** The signature parsed without the time check. */
  readonly pending: PendingVerification;
  /** The key named by its `keyid`, which its MAC verified with. */
  readonly key: HmacKey;
}
