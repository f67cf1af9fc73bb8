/**
 * What a signer with short-lived keys is given (`createSigner({ credentials })`): the types shared by
 * the signer and `@signwire/client/credentials`, which alone carries the code that fetches, keeps and
 * refreshes the keys.
 */
import type { HmacKey, RequestSigner, SecretInput } from '@signwire/core';

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

/** The credentials a signer signs with now. Not exported from any entry. */
export interface HeldCredentials {
  /** Their key id. */
  readonly keyId: string;
  /** The request signer prepared with their key. */
  readonly signer: RequestSigner;
}

/** One signer's memory of its credentials. Not exported from any entry. */
export interface CredentialsCache {
  /** The credentials to sign with now, fetched first when there are none or they are due. */
  current(): Promise<HeldCredentials>;
  /**
   * Forgets the credentials if `keyId` is theirs.
   *
   * @param keyId - the key id a server refused.
   */
  drop(keyId: string): void;
  /**
   * Forgets the credentials `signed` was signed with when `response` refuses their key (a `401` whose
   * `error.code` is KEY_RETIRED, KEY_UNKNOWN or KEY_REVOKED).
   *
   * @param signed - the request as sent.
   * @param response - its response.
   * @returns whether the key was refused (the request may be signed anew and sent once more).
   */
  dropRefused(signed: Pick<Request, 'headers'>, response: Pick<Response, 'status' | 'clone'>): Promise<boolean>;
  /** The key id in use, or `''` before the first fetch. */
  readonly keyId: string;
}

/**
 * Where a signer's short-lived keys come from, for `createSigner({ credentials })`: create it with
 * `credentialsFrom(url)` or `credentialsFrom(provider)` from `@signwire/client/credentials`. Opaque:
 * only the signer opens it.
 */
export interface CredentialsSource {
  /** Marks a source made by `credentialsFrom`. */
  readonly kind: 'signwire-credentials-source';
}

/** A credentials source as the signer opens it: what `credentialsFrom` makes. Not exported from any entry. */
export interface OpenableCredentialsSource extends CredentialsSource {
  /**
   * Opens the credentials memory of one signer (`createSigner` calls it once).
   *
   * @param prepare - makes the request signer of a key; `owned` when the key was imported from text or
   * bytes (nothing else holds it), not an `HmacKey` the provider handed over.
   * @param clockSeconds - the signer's corrected clock, Unix seconds with a fraction.
   * @returns the signer's credentials memory.
   */
  open(prepare: (key: HmacKey, keyId: string, owned: boolean) => RequestSigner, clockSeconds: () => number): CredentialsCache;
}
