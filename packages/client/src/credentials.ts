/**
 * Short-lived credentials for a signer (docs/spec.md §16.6): fetched on first use, kept in memory,
 * fetched again before they expire (by the corrected clock), one fetch shared by concurrent
 * signatures, and dropped when a server says the key is no longer valid.
 */
import { HmacKey, importSecret, type RequestSigner, type SecretInput, SignwireError } from '@signwire/core';
import { describeKeyIdProblem } from '@signwire/core/internal';

/** What a credentials provider returns: a short-lived key, as `@signwire/server`'s issuing route sends it. */
export interface Credentials {
  /** The key id (e.g. `swk1:m2026:user-8412:1700000000:1700000900`). */
  readonly keyId: string;
  /** The key in a declared encoding (`{ base64url }` from the issuing route), never a bare string. */
  readonly secret: SecretInput;
  /** When the key stops being valid, Unix seconds (the server's clock). */
  readonly expires: number;
}

/** Fetches credentials (sync or async); what it throws becomes CREDENTIALS_UNAVAILABLE. */
export type CredentialsProvider = () => Credentials | PromiseLike<Credentials>;

/** The credentials in use. */
export interface HeldCredentials {
  readonly keyId: string;
  readonly signer: RequestSigner;
}

/** One signer's credentials. */
export interface CredentialsCache {
  /** The credentials to sign with now, fetched first when there are none or they are due. */
  current(): Promise<HeldCredentials>;
  /** Forgets the credentials if `keyId` is theirs. */
  drop(keyId: string): void;
  /** The key id in use, or `''` before the first fetch. */
  readonly keyId: string;
}

/** Credentials are fetched again this long before they expire at most (a quarter of their life when shorter). */
const MAX_REFRESH_AHEAD_SECONDS = 60;

const SHAPE = 'the credentials provider must return { keyId, secret, expires }, as the issuing route sends them';
const FAILED = 'the credentials provider failed; nothing was sent';

function unavailable(message: string, cause?: unknown): SignwireError {
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

  return {
    current: () => {
      if (held !== undefined && clockSeconds() < held.refreshAt) return Promise.resolve(held);
      fetching ??= fetchNew().finally(() => {
        fetching = undefined;
      });
      return fetching;
    },
    drop: (keyId) => {
      if (held?.keyId === keyId) held = undefined;
    },
    get keyId(): string {
      return held?.keyId ?? '';
    },
  };
}

/**
 * A credentials provider that fetches them from the server's issuing route (`keyIssuingRoute` of
 * `@signwire/server`), sending the page's cookies (same origin) and bypassing caches.
 *
 * @example
 * ```ts
 * const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom('/session/signing-key') }));
 * ```
 * @param url - the issuing route (a relative URL resolves against the page).
 * @param init - further `fetch` options (default `{ credentials: 'same-origin', cache: 'no-store' }`).
 * @returns the provider for `createSigner({ credentials })`. It throws CREDENTIALS_UNAVAILABLE when
 * the route answers anything but 2xx (401: nobody is logged in), with the route's message.
 */
export function credentialsFrom(url: string | URL, init: RequestInit = {}): CredentialsProvider {
  return async () => {
    const response = await globalThis.fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
    if (response.ok) return (await response.json()) as Credentials;
    const said = await response.json().then(
      (body: { error?: { message?: unknown } }) => (typeof body?.error?.message === 'string' ? `: ${body.error.message}` : ''),
      () => '',
    );
    throw unavailable(`the credentials route ${String(url)} answered ${response.status}${said}; nothing was sent`);
  };
}
