/**
 * `@signwire/server/node`: verify an `http.IncomingMessage` with its raw request target
 * (`req.url`, not a re-serialized URL; docs/spec.md §4.2) and its raw field lines, reading the body
 * once with the size limit.
 *
 * @module @signwire/server/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Verifier } from '../create-verifier.js';
import { effectiveResponseSigning, type ResponseSigningSetting } from '../response-signing.js';
import type { ReceivedMessage, VerifiedRequest } from '../verifier-types.js';
import { answerNodeRejection, receivedMessage, signVerifiedNodeResponse } from './node-steps.js';

export { keyIssuingRoute, type NodeKeyIssuingRouteOptions } from './issuing-node.js';
export { signNodeResponse } from './node-response.js';
export { isBodyConsumed } from './node-steps.js';

/**
 * Converts a Node request for `verifier.verifyMessage`.
 *
 * @param req - the request; its stream must not have been read.
 * @param body - bytes captured by a raw-body hook, instead of the stream (optional).
 * @returns the received message.
 * @throws VerificationError CONFIGURATION_INVALID when the stream was consumed and no raw bytes were given.
 */
export function fromIncomingMessage(req: IncomingMessage, body?: Uint8Array): ReceivedMessage {
  return receivedMessage(req, body, req.url ?? '');
}

/**
 * Verifies a Node request.
 *
 * @example
 * ```ts
 * http.createServer(async (req, res) => {
 *   try {
 *     const verified = await verifyIncomingMessage(verifier, req);
 *     res.end(JSON.stringify({ ok: true, keyId: verified.keyId }));
 *   } catch (error) {
 *     if (!sendRejection(verifier, res, error)) {
 *       console.error(error); // a key resolver outage: not a rejection
 *       res.writeHead(500).end(); // never rethrow from an async handler: nobody awaits it
 *     }
 *   }
 * });
 * ```
 * @param verifier - a verifier from `createVerifier`.
 * @param req - the request (its stream unread).
 * @returns the verified request.
 * @throws VerificationError with a stable code and status.
 */
export async function verifyIncomingMessage(verifier: Verifier, req: IncomingMessage): Promise<VerifiedRequest> {
  return verifier.verifyMessage(fromIncomingMessage(req));
}

/**
 * Answers a rejection as `{ error: { code, message } }` with its status and `REJECTION_HEADERS`. After
 * BODY_TOO_LARGE, BODY_TIMEOUT and framing errors the connection is closed, so the unread rest of the
 * body is never read. When the response was already
 * sent (an earlier middleware answered while the body was read), nothing is written: the rejection
 * was reported to `onFailure`, and it counts as answered.
 *
 * @param verifier - the verifier that threw (for its debug setting).
 * @param res - the response.
 * @param error - anything caught.
 * @param extraHeaders - headers to add (e.g. CORS).
 * @param signResponses - per-route response signing (default: the verifier's `signResponses`); a
 * SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE answer to a request whose MAC verifies is then signed.
 * @returns true when `error` was a Signwire error (answered now, or the response was already sent);
 * false otherwise.
 */
export function sendRejection(
  verifier: Verifier,
  res: ServerResponse,
  error: unknown,
  extraHeaders: Record<string, string> = {},
  signResponses?: ResponseSigningSetting,
): boolean {
  return answerNodeRejection(verifier, res, error, extraHeaders, effectiveResponseSigning(signResponses, verifier.responseSigning));
}

/**
 * Signs the response to a verified request (docs/spec.md §15.1) with the key the request used. Call
 * it before writing anything; the body passed to `res.end()` is signed (a body streamed with
 * `res.write()` only with `bufferStreams`, else it goes out unsigned).
 *
 * @example
 * ```ts
 * const verified = await verifyIncomingMessage(verifier, req);
 * signResponses(verifier, verified, res, true);
 * res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
 * ```
 * @param verifier - the verifier that verified the request.
 * @param verified - its result.
 * @param res - the response.
 * @param setting - response signing for this route (default: the verifier's `signResponses`).
 * @returns true when the response will be signed; false when signing is off or `verified` is not
 * from this verifier.
 * @throws ConfigurationError CONFIGURATION_INVALID for a malformed setting.
 */
export function signResponses(
  verifier: Verifier,
  verified: VerifiedRequest,
  res: ServerResponse,
  setting?: ResponseSigningSetting,
): boolean {
  return signVerifiedNodeResponse(verifier, verified, res, effectiveResponseSigning(setting, verifier.responseSigning));
}
