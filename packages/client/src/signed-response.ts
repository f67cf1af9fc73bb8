/**
 * The `Response` that `verifySignedResponses` hands the application (docs/spec.md §15.2): the
 * verified bytes and status, the fields as received, and, apart from them, which fields the
 * signature verified and what the exchange did to the clock (§15.3).
 */
import type { ClockSampleReport } from './clock-sample.js';

/** A field identifier without parameters, serialized: `"location"` (not `"@status"`, not `"signature";key=…`). */
const PLAIN_FIELD = /^"([^"@][^"]*)"$/;

/**
 * The received field lines whose field the signature covers as a whole (no `key`, no `req`).
 *
 * @param covered - the serialized identifiers the signature covers.
 * @param fields - the response's field lines as received.
 * @returns those lines, in received order.
 */
function verifiedFields(covered: readonly string[], fields: readonly (readonly [string, string])[]): Headers {
  const names = new Set<string>();
  for (const identifier of covered) {
    const name = PLAIN_FIELD.exec(identifier)?.[1];
    if (name !== undefined) names.add(name);
  }
  const headers = new Headers();
  for (const [name, value] of fields) if (names.has(name.toLowerCase())) headers.append(name, value);
  return headers;
}

/** What verification established about a response, for {@link SignedResponse}. */
export interface ResponseVerification {
  /** The serialized identifiers the response signature covers, in order. */
  readonly covered: readonly string[];
  /** The server's signed time, whole Unix seconds. */
  readonly created: number;
  /** The response's field lines as received (the ones verification read). */
  readonly fields: readonly (readonly [string, string])[];
}

/**
 * A response whose signature verified (`createSignedFetch(signer, { responses:
 * verifySignedResponses(…) })` returns only these). Its body is exactly the verified bytes; its
 * `headers` are the fields **as received**, verified or not: read a field you act on from
 * {@link SignedResponse.verifiedHeaders}, which holds only the fields the signature covers.
 *
 * @example
 * ```ts
 * const response = await signedFetch('https://api.example.com/v1/orders', { method: 'POST', body });
 * if (response instanceof SignedResponse) {
 *   const location = response.verifiedHeaders.get('location'); // null unless the server signed it
 * }
 * ```
 */
export class SignedResponse extends Response {
  /**
   * The fields the response signature covers, with their values as verified: `content-type`,
   * `content-digest`, `location` and `content-encoding` when the server sent them (its defaults,
   * docs/spec.md §15.1), and any field the server was told to cover. Fields added on the way
   * (`Set-Cookie`, `Cache-Control`, …) are only in `headers`.
   */
  readonly verifiedHeaders: Headers;
  /** The serialized identifiers of the covered components, in order (`"@status"`, `"location"`, …). */
  readonly covered: readonly string[];
  /** The server's signed time, whole Unix seconds. */
  readonly created: number;
  /**
   * The signed time rejection (SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE) this call met and what the
   * client did with it, also reported to `onClockSample`: `corrected` (this response answers the
   * re-signed retry), `unchanged`, or `refused` with its reason (`RESPONSE_CACHED`: the rejection
   * carried `Age`; `ROUND_TRIP_TOO_LONG`; `ROUND_TRIP_UNMEASURABLE`). `undefined` when the call met
   * none, or `correctClock` is off.
   */
  readonly clockSample: ClockSampleReport | undefined;

  /**
   * @param body - the verified body bytes (`null` for a status without body).
   * @param init - status, status text and the fields as received.
   * @param verification - what the signature covers, its `created`, and the received field lines.
   * @param clockSample - the clock sample report of this call, if any.
   */
  constructor(body: BodyInit | null, init: ResponseInit, verification: ResponseVerification, clockSample?: ClockSampleReport) {
    super(body, init);
    this.verifiedHeaders = verifiedFields(verification.covered, verification.fields);
    this.covered = verification.covered;
    this.created = verification.created;
    this.clockSample = clockSample;
  }
}
