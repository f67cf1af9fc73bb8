/**
 * `@signwire/client`: sign HTTP requests with RFC 9421 `hmac-sha256`, RFC 9530 `Content-Digest` and
 * RFC 8785 JSON, in browsers, Node, Deno, Bun and workers. No `node:` imports.
 *
 * @packageDocumentation
 * @module @signwire/client
 */

export { type HashProvider, isSignwireError, nobleHashes, type SecretInput, SignwireError, type SignwireErrorCode } from '@signwire/core';
export type { Clock } from './clock.js';
export { createSigner, type SignatureHeaders, type Signer } from './create-signer.js';
export type { CredentialsSource } from './credentials-source.js';
export { type ExtraComponents, extraComponents } from './extra-components.js';
export { type JsonBody, jsonBody } from './json-body.js';
export type { CredentialsSignerOptions, SignerOptions, SigningSettings } from './options.js';
export type { BytesBody, PlainRequest } from './plain-request.js';
export {
  createSignedFetch,
  type FetchLike,
  type ResponseHandler,
  type SignedFetch,
  type SignedFetchOptions,
} from './signed-fetch.js';
export { type StreamBodies, streamBodies } from './stream-bodies.js';
