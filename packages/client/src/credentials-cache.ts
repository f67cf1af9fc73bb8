/**
 * Short-lived credentials for a signer (docs/spec.md §16.6): fetched on first use, kept in memory,
 * fetched again before they expire (by the corrected clock), one fetch shared by concurrent
 * signatures, and dropped when a server says the key is no longer valid.
 */
import { HmacKey, importSecret, type RequestSigner, type SecretInput, SignwireError } from '@signwire/core';
import { describeKeyIdProblem } from '@signwire/core/internal';
import type { Credentials, CredentialsCache, CredentialsProvider, HeldCredentials } from './credentials-source.js';
import { errorCodeOfBody, isRefusedKeyCode, signedKeyId } from './refused-credentials.js';

/** Credentials are fetched again this long before they expire at most (a quarter of their life when shorter). */
const MAX_REFRESH_AHEAD_SECONDS = 60;

const SHAPE = 'the credentials provider must return { keyId, secret, expires }, as the issuing route sends them';
const FAILED = 'the credentials provider failed; nothing was sent';

/**
 * A CREDENTIALS_UNAVAILABLE error.
 *
 * @param message - what failed.
 * @param cause - the underlying error, if any.
 * @returns the error.
 */
export function unavailable(message: string, cause?: unknown): SignwireError {
  return new SignwireError('CREDENTIALS_UNAVAILABLE', message, cause === undefined ? undefined : { cause });
}

/**
 * Creates the credentials memory of one signer.
 *
 * @param provider - fetches credentials.
 * @param prepare - makes the request signer of a key; `owned` when the key was imported here from text or
 * bytes (nothing else holds it), not an `HmacKey` the provider handed over.
 * @param clockSeconds - the signer's corrected clock, Unix seconds with a fraction.
 * @returns the cache.
 */
export function createCredentialsCache(
  provider: CredentialsProvider,
  prepare: (key: HmacKey, keyId: string, owned: boolean) => RequestSigner,
  clockSeconds: () => number,
): CredentialsCache {
  let held: (HeldCredentials & { readonly refreshAt: number }) | undefined;
  let fetching: Promise<HeldCredentials> | undefined;

  const fetchNew = async (): Promise<HeldCredentials> => {
    let keyId: unknown;
    let secret: unknown;
    let expires: unknown;
    let key: HmacKey;
    try {
      ({ keyId, secret, expires } = Object(await provider()) as Partial<Credentials>);
      const problem = typeof keyId === 'string' ? describeKeyIdProblem('the credentials keyId', keyId) : SHAPE;
      if (problem !== undefined) throw unavailable(problem);
      if (!Number.isSafeInteger(expires)) throw unavailable('the credentials expires must be whole Unix seconds');
      key = importSecret(secret as SecretInput);
    } catch (cause) {
      if ((cause as SignwireError)?.code === 'CREDENTIALS_UNAVAILABLE') throw cause;
      const said = (cause as SignwireError)?.code === 'KEY_INVALID' ? `the credentials secret: ${(cause as Error).message}` : FAILED;
      throw unavailable(said, cause);
    }
    const now = clockSeconds();
    const life = (expires as number) - now;
    if (life <= 0)
      throw unavailable(
        `the credentials "${keyId}" expired at ${expires}, by this signer's clock (${Math.floor(now)}): an old key, or a wrong clock`,
      );
    held = {
      keyId: keyId as string,
      signer: prepare(key, keyId as string, !(secret instanceof HmacKey)),
      refreshAt: now + life - Math.min(MAX_REFRESH_AHEAD_SECONDS, life / 4),
    };
    return held;
  };

  const drop = (keyId: string): void => {
    if (held?.keyId === keyId) held = undefined;
  };
  return {
    current: () => {
      if (held !== undefined && clockSeconds() < held.refreshAt) return Promise.resolve(held);
      fetching ??= fetchNew().finally(() => {
        fetching = undefined;
      });
      return fetching;
    },
    drop,
    dropRefused: async (signed, response) => {
      if (response.status !== 401 || typeof response.clone !== 'function') return false;
      let code: unknown;
      try {
        code = errorCodeOfBody(await response.clone().text());
      } catch {
        return false; // a body that cannot be read says nothing about the key
      }
      if (!isRefusedKeyCode(code)) return false;
      drop(signedKeyId(signed.headers.get('signature-input')));
      return true;
    },
    get keyId(): string {
      return held?.keyId ?? '';
    },
  };
}
