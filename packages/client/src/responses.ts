/**
 * `@signwire/client/responses`: require signed responses (docs/spec.md §15.2) and correct the
 * signer's clock from authenticated server times only (§15.3). A separate entry point, so a bundle
 * that does not verify responses does not carry the structured-field parser.
 *
 * @packageDocumentation
 */
import { importSecret, type SecretInput, SignwireError, verifyResponseSignature } from '@signwire/core';
import type { Clock } from './clock.js';
import type { Signer } from './create-signer.js';
import type { FetchLike, ResponseHandler } from './signed-fetch.js';

export type { ResponseHandler } from './signed-fetch.js';

/** The default {@link SignedResponseOptions.maxClockOffsetSeconds}: one hour. */
export const DEFAULT_MAX_CLOCK_OFFSET_SECONDS = 3600;

/** Options of {@link verifySignedResponses}. */
export interface SignedResponseOptions {
  /** The secret of the signer passed to `createSignedFetch` (responses are signed with the request's key). */
  readonly secret: SecretInput;
  /** The signer's label when it is not the default `sig1`. */
  readonly label?: string | undefined;
  /**
   * The largest clock offset ever applied, seconds (default 3600). An estimate beyond it is clamped,
   * so even a misbehaving server cannot move this client's clock further.
   */
  readonly maxClockOffsetSeconds?: number | undefined;
  /** The clock used to time the exchange, milliseconds like `Date.now` (pass the signer's `now`). */
  readonly now?: Clock | undefined;
  /**
   * Correct the clock and retry once when a signed rejection says SIGNATURE_EXPIRED or
   * SIGNATURE_FROM_FUTURE (default true).
   */
  readonly correctClock?: boolean | undefined;
}

interface Exchange {
  readonly response: Response;
  /** The server's authenticated time, seconds. */
  readonly created: number;
  /** Local time halfway between sending and receiving, milliseconds. */
  readonly midpoint: number;
}

const TIME_CODES = new Set(['SIGNATURE_EXPIRED', 'SIGNATURE_FROM_FUTURE']);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function invalid(message: string): SignwireError {
  return new SignwireError('CONFIGURATION_INVALID', message);
}

function fieldLines(headers: Headers): [string, string][] {
  const lines: [string, string][] = [];
  headers.forEach((value, name) => {
    lines.push([name, value]);
  });
  return lines;
}

/**
 * Requires every response to carry a valid Signwire response signature bound to the request that was
 * sent, and corrects the signer's clock from signed time rejections. Pass the result as
 * `createSignedFetch(signer, { responses })`.
 *
 * The response is returned only after its signature and its `Content-Digest` (recomputed over the
 * received bytes) verified, as a new `Response` holding exactly those bytes. A rejection signed by
 * the server for SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE sets the signer's clock offset to
 * `created − (send time + receive time) / 2` (clamped; skipped when the response carries `Age`) and
 * the request is sent once more, re-signed with a fresh nonce. An unsigned `Date` is never used.
 *
 * @example
 * ```ts
 * import { verifySignedResponses } from '@signwire/client/responses';
 * const signedFetch = createSignedFetch(signer, { responses: verifySignedResponses({ secret }) });
 * const response = await signedFetch('https://api.example.com/v1/orders'); // throws SignwireError if unsigned
 * ```
 * @param options - the signer's secret and the clock settings.
 * @returns the response handler.
 * @throws SignwireError KEY_INVALID or CONFIGURATION_INVALID for invalid options. The handler throws
 * VerificationError SIGNATURE_MISSING, SIGNATURE_MALFORMED, SIGNATURE_INVALID, DIGEST_MISSING,
 * DIGEST_MISMATCH, KEY_UNKNOWN, COMPONENT_MISSING, … for a response that does not verify, and
 * BODY_NOT_BUFFERABLE when its body cannot be read.
 */
export function verifySignedResponses(options: SignedResponseOptions): ResponseHandler {
  if (options === null || typeof options !== 'object') throw invalid('verifySignedResponses needs { secret }');
  const key = importSecret(options.secret);
  const { label, now = Date.now, maxClockOffsetSeconds = DEFAULT_MAX_CLOCK_OFFSET_SECONDS, correctClock = true } = options;
  if (!Number.isSafeInteger(maxClockOffsetSeconds) || maxClockOffsetSeconds < 0) {
    throw invalid('maxClockOffsetSeconds must be a non-negative whole number of seconds');
  }
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds since the epoch');

  const exchange = async (request: Request, signer: Signer, send: FetchLike): Promise<Exchange> => {
    const signed = await signer.signRequest(request);
    const sentAt = now();
    const received = await send(signed);
    const receivedAt = now();
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await received.arrayBuffer());
    } catch (cause) {
      throw new SignwireError('BODY_NOT_BUFFERABLE', 'the response body could not be read', { cause });
    }
    const verified = verifyResponseSignature({
      response: { status: received.status, headers: fieldLines(received.headers), body },
      request: { method: signed.method, url: signed.url, headers: fieldLines(signed.headers) },
      key,
      keyId: signer.keyId,
      requestLabel: label,
    });
    const response = new Response(NULL_BODY_STATUS.has(received.status) ? null : body, {
      status: received.status,
      statusText: received.statusText,
      headers: received.headers,
    });
    return { response, created: verified.created, midpoint: (sentAt + receivedAt) / 2 };
  };

  return async (request, signer, send) => {
    // A copy for the retry, taken before signing: some browsers mark a Request's body used once a
    // new Request has been built from it, and the retry must send the same bytes again. Re-wrapped
    // so it is an instance of the global Request even where a library replaced it (@hono/node-server).
    const spare = correctClock ? new Request(request.clone()) : request;
    const first = await exchange(request, signer, send);
    if (!correctClock || !(await isTimeRejection(first.response)) || first.response.headers.has('age')) return first.response;
    const estimate = Math.round(first.created - first.midpoint / 1000);
    signer.setClockOffset(Math.max(-maxClockOffsetSeconds, Math.min(maxClockOffsetSeconds, estimate)));
    return (await exchange(spare, signer, send)).response;
  };
}

/** Whether a verified response is the server's SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE rejection. */
async function isTimeRejection(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    const parsed = (await response.clone().json()) as { error?: { code?: unknown } } | null;
    return TIME_CODES.has(String(parsed?.error?.code));
  } catch {
    return false;
  }
}
