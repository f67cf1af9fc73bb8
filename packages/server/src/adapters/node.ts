/**
 * `@signwire/server/node`: verify an `http.IncomingMessage` with its raw request target
 * (`req.url`, not a re-serialized URL; docs/spec.md §4.2) and its raw field lines, reading the body
 * once with the size limit.
 *
 * @module @signwire/server/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ConfigurationError, isSignwireError, type SignwireError } from '@signwire/core';
import type { BodySource } from '../body-reader.js';
import type { Verifier } from '../create-verifier.js';
import { closesConnection, REJECTION_HEADERS } from '../error-response.js';
import { effectiveResponseSigning, type ResponseSigningSetting } from '../response-signing.js';
import type { ReceivedMessage, VerifiedRequest } from '../verifier-types.js';
import { signNodeResponse } from './node-response.js';

export { keyIssuingRoute, type NodeKeyIssuingRouteOptions } from './issuing-node.js';
export { signNodeResponse } from './node-response.js';

function rawFieldLines(raw: readonly string[]): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push([raw[i] as string, raw[i + 1] as string]);
  return lines;
}

/**
 * Whether something already read the request stream (a body parser mounted before the verifier).
 *
 * @param req - the request.
 * @returns true when the stream was consumed.
 */
export function isBodyConsumed(req: IncomingMessage): boolean {
  return req.readableEnded || req.readableDidRead;
}

/**
 * Converts a Node request for `verifier.verifyMessage`.
 *
 * @param req - the request; its stream must not have been read.
 * @param body - bytes captured by a raw-body hook, instead of the stream (optional).
 * @returns the received message.
 * @throws VerificationError CONFIGURATION_INVALID when the stream was consumed and no raw bytes were given.
 */
export function fromIncomingMessage(req: IncomingMessage, body?: Uint8Array): ReceivedMessage {
  let source: BodySource = body;
  if (source === undefined) {
    if (isBodyConsumed(req)) {
      throw new ConfigurationError(
        'CONFIGURATION_INVALID',
        'the request body was consumed before the verifier ran (mount the Signwire middleware before any body parser)',
      );
    }
    // readBody reads it with events and stops at the limit without destroying the socket, so the
    // rejection can still be answered.
    source = req;
  }
  // Each property of req is read once: behind Express (which swaps the request's prototype) every
  // read of it measured hundreds of ns.
  const socket = req.socket as Partial<TLSSocket>;
  return {
    method: req.method ?? 'GET',
    requestTarget: req.url ?? '',
    headers: rawFieldLines(req.rawHeaders),
    body: source,
    scheme: socket.encrypted === true ? 'https' : 'http',
    remoteAddress: socket.remoteAddress,
  };
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
export function verifyIncomingMessage(verifier: Verifier, req: IncomingMessage): Promise<VerifiedRequest> {
  try {
    return verifier.verifyMessage(fromIncomingMessage(req));
  } catch (error) {
    return Promise.reject(error);
  }
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
  if (!isSignwireError(error)) return false;
  if (res.headersSent) return true;
  const signing = effectiveResponseSigning(signResponses, verifier.responseSigning);
  const signer = signing === undefined ? undefined : verifier.responseSigner(error as SignwireError, signing.components);
  if (signing !== undefined && signer !== undefined) signNodeResponse(signer, res, signing);
  const body = JSON.stringify(verifier.errorBody(error as SignwireError));
  const headers: Record<string, string> = { ...extraHeaders, ...REJECTION_HEADERS };
  if (closesConnection(error)) headers.connection = 'close';
  res.writeHead(error.status, headers).end(body);
  return true;
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
  const signing = effectiveResponseSigning(setting, verifier.responseSigning);
  const signer = signing === undefined ? undefined : verifier.responseSigner(verified, signing.components);
  if (signing === undefined || signer === undefined) return false;
  signNodeResponse(signer, res, signing);
  return true;
}
