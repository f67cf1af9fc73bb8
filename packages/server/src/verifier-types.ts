/**
 * The public types of the verifier: its options, its input and its result.
 */
import type { HashProvider, HeadersInput, VerificationPolicy, VerifiedSignature } from '@signwire/core';
import type { FieldLines } from '@signwire/core/internal';
import type { BodySource } from './body-reader.js';
import type { KeySource } from './key-ring.js';
import type { NonceStore } from './nonce-store.js';
import type { OriginOptions } from './public-origin.js';
import type { RejectionLogSetting } from './rejection-log.js';
import type { ResponseSigningSetting } from './response-signing.js';

/** What {@link VerifierOptions.onFailure} receives besides the error. */
export interface FailureDetails {
  /**
   * The signature base the server computed, when verification got that far (diff it with the
   * client's). Built lazily when first read, so a hook that does not read it costs nothing.
   */
  readonly signatureBase: string | undefined;
  /** The method as received. */
  readonly method: string;
  /** The URL the verifier derived components from (public origin + raw request target), if resolved. */
  readonly url: string | undefined;
  /** The signature's `keyid`, when verification parsed the signature that far. */
  readonly keyId: string | undefined;
  /**
   * A likely cause the server can see, in words; only for SIGNATURE_INVALID. Set when `publicOrigin`
   * is configured and the host the request was sent to (the Fetch URL's host, or `Host`) differs
   * from it: a client that called that host signed it as `@authority`.
   */
  readonly hint: string | undefined;
}

/**
 * Options of `createVerifier`. Everything except `keys` and the origin choice has a safe default.
 * The policy options (`label`, `tag`, `maxAgeSeconds`, `clockSkewSeconds`, `maxBodyBytes`,
 * `requiredComponents`) are core's `VerificationPolicy`; the body is never buffered past `maxBodyBytes`.
 */
export interface VerifierOptions extends OriginOptions, VerificationPolicy {
  /**
   * Keys by `keyid`: a Map, a record, a (sync or async) resolver, a key issuer (`createKeyIssuer`),
   * or a list of these asked in order (`[issuer, serviceKeys]`).
   */
  readonly keys: KeySource;
  /** Refuse signatures without an `expires` parameter (PARAMETER_MISSING); default false. */
  readonly requireExpires?: boolean | undefined;
  /**
   * How long the verifier waits for a whole request body, in milliseconds from when it starts reading
   * it (default 30,000): a body still incomplete then is refused with BODY_TIMEOUT (408) and its
   * stream paused or cancelled, so a client that trickles bytes cannot hold the request open until
   * the runtime's own timeout. A positive integer, at most 2^31 − 1.
   */
  readonly bodyTimeoutMs?: number | undefined;
  /** The replay store (default: a bounded in-memory store for this verifier). */
  readonly nonceStore?: NonceStore | undefined;
  /** The hash implementation (default: `node:crypto`). */
  readonly hashes?: HashProvider | undefined;
  /** The clock, Unix seconds (default: `Date.now()`); for tests. */
  readonly now?: (() => number) | undefined;
  /** Called with every rejection and the server's signature base; exceptions from it are ignored. */
  readonly onFailure?: ((error: unknown, details: FailureDetails) => void) | undefined;
  /**
   * Development only: put the computed signature base (and the hint of a SIGNATURE_INVALID, see
   * {@link FailureDetails.hint}) into error response bodies, and log every rejection. Off by default;
   * never enable it in production (it tells a prober what the server expects).
   */
  readonly debug?: boolean | undefined;
  /**
   * One line per rejection: code, status, method, path (without the query), key id, message and
   * hint — never a secret, a MAC, body bytes or a signature base. `false` turns it off, `true` writes
   * with `console.warn` always, a function receives each line instead (e.g.
   * `(line) => logger.warn(line)`). Default: `console.warn` when `debug` is on, or when
   * `process.env.NODE_ENV` can be read and is not `'production'` (read once, when the verifier is
   * created); otherwise off. Errors that are not rejections (a key resolver or nonce store outage) are
   * not logged: they go to your framework. Exceptions from the function are ignored.
   */
  readonly log?: RejectionLogSetting | undefined;
  /**
   * Sign responses (docs/spec.md §15.1) with the key the request used, bound to the request — and
   * sign the SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE rejections of requests whose MAC verifies, so
   * clients can correct their clock (§15.3). Default off; adapters can override it per route.
   */
  readonly signResponses?: ResponseSigningSetting | undefined;
}

/** A request as a runtime hands it over, before any parsing. */
export interface ReceivedMessage {
  /** The method as received. */
  readonly method: string;
  /** The raw request target as received on the wire (origin-form, e.g. `/a/b?x=1`). */
  readonly requestTarget: string;
  /** The header fields, in order (Node's `rawHeaders` pairs, Fetch `Headers`, …). */
  readonly headers: HeadersInput;
  /** The body, read once by the verifier. */
  readonly body: BodySource;
  /** The connection's scheme, when known. */
  readonly scheme?: 'http' | 'https' | undefined;
  /** The host the transport saw, when known (used only with `trustHost`). */
  readonly authority?: string | undefined;
  /** The peer address (used only with `trustedProxies`). */
  readonly remoteAddress?: string | undefined;
}

/** Extra facts about a Fetch `Request` that the `Request` itself cannot carry. */
export interface VerifyContext {
  /** The raw request target as received (the Fetch URL is already normalized by the WHATWG parser). */
  readonly requestTarget?: string | undefined;
  /** The peer address, for `trustedProxies`. */
  readonly remoteAddress?: string | undefined;
}

/** The request as the verifier received it: what a response signature is bound to (docs/spec.md §15.1). */
export interface ReceivedRequest {
  /** The method as received. */
  readonly method: string;
  /** The public origin + the raw request target. */
  readonly url: string;
  /** The received field lines, including `Signature` and `Signature-Input`. */
  readonly headers: FieldLines;
}

/** A verified request: the signature's facts plus the exact body. */
export interface VerifiedRequest extends VerifiedSignature {
  /**
   * Whom the key was issued to, for a key from `createKeyIssuer` (docs/spec.md §16); `undefined` for
   * a static key. Check that this subject may do what the request asks.
   */
  readonly subject: string | undefined;
  /** The parsed body when `Content-Type` is JSON (`application/json` or `+json`) and there is a body. */
  readonly json: unknown;
  /**
   * The fields of an `application/x-www-form-urlencoded` body (UTF-8: no `charset` parameter, or
   * `utf-8`), parsed from the verified bytes by `URLSearchParams`' parser, in body order;
   * `undefined` for other types, another charset, or no body. Multipart bodies: `readFormData`.
   */
  readonly form: URLSearchParams | undefined;
  /** The request as received (method, URL, fields), for signing the response to it. */
  readonly request: ReceivedRequest;
}
