/**
 * `@signwire/client/responses`: require signed responses (docs/spec.md §15.2) and correct the
 * signer's clock from authenticated server times only (§15.3). A separate entry point, so a bundle
 * that does not verify responses does not carry the structured-field parser.
 *
 * @packageDocumentation
 */
import { ConfigurationError, importSecret, type SecretInput, SignwireError, verifyResponseSignature } from '@signwire/core';
import {
  DEFAULT_MAX_CLOCK_OFFSET_SECONDS,
  DEFAULT_MAX_ROUND_TRIP_MILLISECONDS,
  MAX_ROUND_TRIP_LIMIT_MILLISECONDS,
} from '@signwire/core/internal';
import type { Clock } from './clock.js';
import { type ClockSampleReport, judgeClockSample } from './clock-sample.js';
import type { Signer } from './create-signer.js';
import type { FetchLike, ResponseHandler } from './signed-fetch.js';
import { SignedResponse } from './signed-response.js';

export type { ClockSampleRefusal } from '@signwire/core/internal';
export {
  DEFAULT_MAX_CLOCK_OFFSET_SECONDS,
  DEFAULT_MAX_ROUND_TRIP_MILLISECONDS,
  MAX_ROUND_TRIP_LIMIT_MILLISECONDS,
} from '@signwire/core/internal';
export type { ClockSampleReport } from './clock-sample.js';
export type { ResponseHandler } from './signed-fetch.js';
export { type ResponseVerification, SignedResponse } from './signed-response.js';

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
  /**
   * The longest round trip a signed time rejection may have taken for its time to be used,
   * milliseconds (default 5000, at most 30000). A longer one is ignored: a delay on the path widens
   * what the server's time can say about this client's clock (docs/spec.md §15.3).
   */
  readonly maxRoundTripMilliseconds?: number | undefined;
  /**
   * Called with every signed time rejection and what the client did with it (corrected, unchanged,
   * or refused and why). Exceptions it throws are ignored.
   */
  readonly onClockSample?: ((report: ClockSampleReport) => void) | undefined;
}

interface Exchange {
  /** The response as received (its body already read into `body`). */
  readonly received: Response;
  /** The verified body bytes. */
  readonly body: Uint8Array<ArrayBuffer>;
  /** The received field lines verification read. */
  readonly fields: [string, string][];
  /** The serialized identifiers the response signature covers. */
  readonly covered: readonly string[];
  /** The server's authenticated time, seconds. */
  readonly created: number;
  /** The offset the request was signed with, seconds. */
  readonly offsetSeconds: number;
  /** Local time when the signed request was handed to `send`, milliseconds. */
  readonly sentAt: number;
  /** Local time when the response arrived, milliseconds. */
  readonly receivedAt: number;
}

type TimeCode = ClockSampleReport['code'];
const TIME_CODES: ReadonlySet<string> = new Set<TimeCode>(['SIGNATURE_EXPIRED', 'SIGNATURE_FROM_FUTURE']);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function invalid(message: string): SignwireError {
  return new ConfigurationError('CONFIGURATION_INVALID', message);
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
 * the server for SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE whose round trip took at most
 * `maxRoundTripMilliseconds` bounds the true offset to `[created − receive time, created + 1 − send
 * time]`; an offset outside it is set to its centre (clamped) and the request is sent once more,
 * re-signed with a fresh nonce. A longer round trip, or a response carrying `Age`, is ignored, and
 * so is an offset the interval already contains (`onClockSample` reports each case). An unsigned
 * `Date` is never used.
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
  const {
    label,
    now = Date.now,
    maxClockOffsetSeconds = DEFAULT_MAX_CLOCK_OFFSET_SECONDS,
    maxRoundTripMilliseconds = DEFAULT_MAX_ROUND_TRIP_MILLISECONDS,
    correctClock = true,
    onClockSample,
  } = options;
  if (!Number.isSafeInteger(maxClockOffsetSeconds) || maxClockOffsetSeconds < 0) {
    throw invalid('maxClockOffsetSeconds must be a non-negative whole number of seconds');
  }
  if (
    !Number.isSafeInteger(maxRoundTripMilliseconds) ||
    maxRoundTripMilliseconds < 0 ||
    maxRoundTripMilliseconds > MAX_ROUND_TRIP_LIMIT_MILLISECONDS
  ) {
    throw invalid(`maxRoundTripMilliseconds must be a whole number of milliseconds from 0 to ${MAX_ROUND_TRIP_LIMIT_MILLISECONDS}`);
  }
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds since the epoch');
  if (onClockSample !== undefined && typeof onClockSample !== 'function') throw invalid('onClockSample must be a function');
  const limits = { maxRoundTripMilliseconds, maxClockOffsetSeconds };

  const exchange = async (request: Request, signer: Signer, send: FetchLike): Promise<Exchange> => {
    const offsetSeconds = signer.clockOffsetSeconds;
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
    const fields = fieldLines(received.headers);
    const verified = verifyResponseSignature({
      response: { status: received.status, headers: fields, body },
      request: { method: signed.method, url: signed.url, headers: fieldLines(signed.headers) },
      key,
      keyId: signer.keyId,
      requestLabel: label,
    });
    return { received, body, fields, covered: verified.covered, created: verified.created, offsetSeconds, sentAt, receivedAt };
  };

  return async (request, signer, send) => {
    // A copy for the retry, taken before signing: some browsers mark a Request's body used once a
    // new Request has been built from it, and the retry must send the same bytes again. Re-wrapped
    // so it is an instance of the global Request even where a library replaced it (@hono/node-server).
    const spare = correctClock ? new Request(request.clone()) : request;
    const first = await exchange(request, signer, send);
    const code = correctClock ? timeRejectionCode(first) : undefined;
    if (code === undefined) return signedResponse(first, undefined);
    // A refused or unchanged sample is not silent: the returned response carries its report.
    const report = judgeClockSample(code, { ...first, cached: first.received.headers.has('age') }, limits, onClockSample);
    if (report.outcome !== 'corrected') return signedResponse(first, report);
    signer.setClockOffset(report.offsetSeconds);
    return signedResponse(await exchange(spare, signer, send), report);
  };
}

/** The response handed to the application: the verified bytes, the fields as received, what was verified. */
function signedResponse(exchange: Exchange, clockSample: ClockSampleReport | undefined): SignedResponse {
  const { received, body } = exchange;
  return new SignedResponse(
    NULL_BODY_STATUS.has(received.status) ? null : body,
    { status: received.status, statusText: received.statusText, headers: received.headers },
    exchange,
    clockSample,
  );
}

/** The code of a verified response that is the server's SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE rejection. */
function timeRejectionCode(exchange: Exchange): TimeCode | undefined {
  if (exchange.received.status !== 401) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(exchange.body)) as { error?: { code?: unknown } } | null;
    const code = parsed?.error?.code;
    return typeof code === 'string' && TIME_CODES.has(code) ? (code as TimeCode) : undefined;
  } catch {
    return undefined;
  }
}
