/**
 * `@signwire/client/credentials`: short-lived, per-user keys for a signer (docs/spec.md §16.6),
 * fetched from the server's issuing route or from any provider, kept in memory and refreshed before
 * they expire. Kept out of the base bundle: an application that signs with one fixed key does not
 * ship it.
 *
 * @packageDocumentation
 * @module @signwire/client/credentials
 */
import { createCredentialsCache, unavailable } from './credentials-cache.js';
import type { Credentials, CredentialsProvider, CredentialsSource, OpenableCredentialsSource } from './credentials-source.js';

export type { Credentials, CredentialsProvider, CredentialsSource } from './credentials-source.js';

/**
 * Where a signer's short-lived keys come from, for `createSigner({ credentials })`: the server's
 * issuing route (`keyIssuingRoute` of `@signwire/server`), fetched with the page's cookies (same
 * origin) and bypassing caches, or a provider function of your own. The signer fetches on first
 * use, again before `expires` (by its clock, corrected by its offset) or after the server refused
 * the key; concurrent signatures share one call. What fails is CREDENTIALS_UNAVAILABLE, and nothing
 * is sent.
 *
 * @example
 * ```ts
 * const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom('/session/signing-key') }));
 * const custom = createSigner({ credentials: credentialsFrom(async () => (await api.session()).signingKey) });
 * ```
 * @param source - the issuing route's URL (a relative URL resolves against the page), or a function
 * returning `{ keyId, secret, expires }` (sync or async).
 * @param init - with a URL: further `fetch` options (default `{ credentials: 'same-origin', cache: 'no-store' }`).
 * @returns the credentials source for `createSigner({ credentials })`. With a URL, a route that
 * answers anything but 2xx (401: nobody is logged in) is CREDENTIALS_UNAVAILABLE, with the route's message.
 */
export function credentialsFrom(source: string | URL | CredentialsProvider, init: RequestInit = {}): CredentialsSource {
  const provider = typeof source === 'function' ? source : routeProvider(source, init);
  return Object.freeze({
    kind: 'signwire-credentials-source',
    open: (prepare, clockSeconds) => createCredentialsCache(provider, prepare, clockSeconds),
  } satisfies OpenableCredentialsSource);
}

function routeProvider(url: string | URL, init: RequestInit): CredentialsProvider {
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
