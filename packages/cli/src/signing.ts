/**
 * The signer every signing command uses: `@signwire/client`'s `createSigner`, hashing with
 * `node:crypto` (`nodeHashes` from `@signwire/server`).
 */
import { createSigner, extraComponents, type Signer } from '@signwire/client';
import { type HmacKey, isSignwireError } from '@signwire/core';
import { nodeHashes } from '@signwire/server';
import { UsageError } from './exit-codes.js';
import type { SignerFlags } from './request-options.js';

/**
 * Creates the signer.
 *
 * @param keyId - the key id.
 * @param key - the imported secret.
 * @param flags - components, expiry and label.
 * @returns the signer.
 * @throws UsageError with the signer's code for an option it refuses (a forbidden component, a bad label).
 */
export function createCliSigner(keyId: string, key: HmacKey, flags: SignerFlags): Signer {
  try {
    return createSigner({
      keyId,
      secret: key,
      components: extraComponents(flags.components),
      expiresInSeconds: flags.expiresInSeconds,
      label: flags.label,
      hashes: nodeHashes,
    });
  } catch (error) {
    if (isSignwireError(error)) throw new UsageError(`cannot sign: ${error.message} (${error.code})`);
    throw error;
  }
}

/**
 * Turns a signing error into a usage error: the request was refused before anything was sent.
 *
 * @param error - anything thrown while signing.
 * @returns the usage error, or the error unchanged when it is not a Signwire error.
 */
export function signingRefused(error: unknown): unknown {
  return isSignwireError(error) ? new UsageError(`cannot sign this request: ${error.message} (${error.code})`) : error;
}
