/**
 * The Node steps shared by `/node` and `/express`: the received message of an `IncomingMessage`, and
 * the two answers written on a `ServerResponse` (a rejection; the signature of a verified request's
 * response).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ConfigurationError, isSignwireError } from '@signwire/core';
import type { BodySource } from '../body-reader.js';
import type { Verifier } from '../create-verifier.js';
import type { ResolvedResponseSigning } from '../response-signing.js';
import type { ReceivedMessage, VerifiedRequest } from '../verifier-types.js';
import { type AnswerHeaders, rejectionHeaders } from './middleware-steps.js';
import { signNodeResponse } from './node-response.js';

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
 * The received message of a Node request.
 *
 * @param req - the request; its stream must not have been read unless `body` is given.
 * @param body - bytes captured by a raw-body hook, instead of the stream, or `undefined`.
 * @param requestTarget - the request target as received (Express strips a mount path from `req.url`).
 * @returns the received message.
 * @throws VerificationError CONFIGURATION_INVALID when the stream was consumed and no raw bytes were given.
 */
export function receivedMessage(req: IncomingMessage, body: Uint8Array | undefined, requestTarget: string): ReceivedMessage {
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
  // Each property of req is read once: behind Express, which swaps the request's prototype, every
  // object has a hidden class of its own and each read misses V8's inline caches.
  const socket = req.socket as Partial<TLSSocket>;
  return {
    method: req.method ?? 'GET',
    requestTarget,
    headers: rawFieldLines(req.rawHeaders),
    body: source,
    scheme: socket.encrypted === true ? 'https' : 'http',
    remoteAddress: socket.remoteAddress,
  };
}

/**
 * Answers a rejection on a Node response (see `sendRejection` in `/node`).
 *
 * @param verifier - the verifier that threw.
 * @param res - the response.
 * @param error - anything caught.
 * @param extra - the adapter's headers (CORS).
 * @param signing - the effective response signing, or `undefined` when off.
 * @returns true when `error` is a rejection (answered now, or the response was already sent).
 */
export function answerNodeRejection(
  verifier: Verifier,
  res: ServerResponse,
  error: unknown,
  extra: AnswerHeaders,
  signing: ResolvedResponseSigning | undefined,
): boolean {
  if (!isSignwireError(error)) return false;
  if (res.headersSent) return true;
  const sign = signing === undefined ? undefined : verifier.responseSigner(error, signing.components);
  if (signing !== undefined && sign !== undefined) signNodeResponse(sign, res, signing);
  res.writeHead(error.status, rejectionHeaders(error, extra)).end(JSON.stringify(verifier.errorBody(error)));
  return true;
}

/**
 * Makes the response to a verified request signed (see `signResponses` in `/node`).
 *
 * @param verifier - the verifier that verified it.
 * @param verified - its result.
 * @param res - the response, nothing written yet.
 * @param signing - the effective response signing, or `undefined` when off.
 * @returns true when the response will be signed.
 */
export function signVerifiedNodeResponse(
  verifier: Verifier,
  verified: VerifiedRequest,
  res: ServerResponse,
  signing: ResolvedResponseSigning | undefined,
): boolean {
  const sign = signing === undefined ? undefined : verifier.responseSigner(verified, signing.components);
  if (signing === undefined || sign === undefined) return false;
  signNodeResponse(sign, res, signing);
  return true;
}
