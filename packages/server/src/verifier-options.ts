/**
 * `createVerifier`'s options checked once, before any request arrives: the hooks, the body timeout,
 * the replay store and the policy; and the application's clock, checked on every reading.
 */
import { ConfigurationError, SignwireError } from '@signwire/core';
import { type ResolvedPolicy, resolvePolicy } from '@signwire/core/internal';
import type { VerifierOptions } from './verifier-types.js';

/** The longest delay `setTimeout` keeps (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Above this a reading is a time after the year 5138 in seconds: a clock in milliseconds, by mistake. */
const MILLISECONDS_LOOKALIKE = 1e11;

/**
 * Checks a verifier's options and resolves its policy.
 *
 * @param options - the options given to `createVerifier`.
 * @returns the resolved policy.
 * @throws ConfigurationError CONFIGURATION_INVALID (or KEY_INVALID from the policy) for the first problem found.
 */
export function checkVerifierOptions(options: VerifierOptions): ResolvedPolicy {
  if (options === null || typeof options !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'options are required');
  for (const name of ['onFailure', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError('CONFIGURATION_INVALID', `${name} must be a function`);
    }
  }
  const { bodyTimeoutMs } = options;
  if (bodyTimeoutMs !== undefined && !(Number.isInteger(bodyTimeoutMs) && bodyTimeoutMs > 0 && bodyTimeoutMs <= MAX_TIMER_MS)) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      `bodyTimeoutMs must be a positive integer of milliseconds, at most ${MAX_TIMER_MS}`,
    );
  }
  if (options.nonceStore !== undefined && typeof options.nonceStore?.checkAndRemember !== 'function') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'nonceStore must implement checkAndRemember()');
  }
  try {
    return resolvePolicy(options);
  } catch (error) {
    if (error instanceof SignwireError) throw new ConfigurationError('CONFIGURATION_INVALID', error.message, { cause: error });
    throw error;
  }
}

/**
 * The verifier's clock in Unix seconds: the application's `now`, each reading checked, or the system clock.
 *
 * @param now - the `now` option, if given.
 * @returns a clock; one built on `now` throws ConfigurationError CONFIGURATION_INVALID (answered 500)
 * on a reading that is not a finite number, or that looks like milliseconds.
 */
export function verifierClock(now: (() => number) | undefined): () => number {
  if (now === undefined) return (): number => Date.now() / 1000;
  return () => {
    const seconds: unknown = now();
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      throw new ConfigurationError('CONFIGURATION_INVALID', 'the verifier clock (options.now) must return a finite number of seconds');
    }
    if (seconds > MILLISECONDS_LOOKALIKE) {
      throw new ConfigurationError(
        'CONFIGURATION_INVALID',
        `the verifier clock (options.now) returned ${seconds}, after the year 5000 in seconds: it must return Unix seconds (Date.now() / 1000), not milliseconds`,
      );
    }
    return seconds;
  };
}
