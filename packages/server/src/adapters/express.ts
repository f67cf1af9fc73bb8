/**
 * `@signwire/server/express`: middleware that verifies before any body parser and hands on
 * `req.body` (parsed JSON for JSON requests, the fields of a UTF-8 urlencoded form as Express 4's
 * `express.urlencoded({ extended: false })` shapes them, else a `Buffer` of the exact bytes; all from
 * the verified bytes, never re-serialized) and `req.signwire` (the verified result).
 *
 * @module @signwire/server/express
 */
import type { IncomingMessage } from 'node:http';
import { ConfigurationError } from '@signwire/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type CorsOptions, corsHeaders, isPreflight, resolveCors } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { formRecord } from '../form-body.js';
import { effectiveResponseSigning, type ResponseSigningSetting, resolveResponseSigning } from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';
import { fromIncomingMessage, isBodyConsumed, sendRejection, signResponses } from './node.js';

export { keyIssuingRoute } from './issuing-express.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified Signwire signature, set by the `@signwire/server/express` middleware. */
      signwire?: VerifiedRequest;
    }
  }
}

/** Options of the Express middleware. */
export interface ExpressSignwireOptions {
  /** Answer CORS preflights and add CORS headers to responses (see docs/server.md). */
  readonly cors?: CorsOptions | undefined;
  /** Sign responses on the routes this middleware guards (default: the verifier's `signResponses`). */
  readonly signResponses?: ResponseSigningSetting | undefined;
}

/**
 * Raw bytes captured by a raw-body parser mounted earlier (`express.raw()`), if they are the
 * bytes on the wire (no content coding). Parsed bodies (`express.json()`) are never used.
 */
function capturedBytes(req: Request): Uint8Array | undefined {
  // req.body first: unset unless a parser ran, it is one cheap read, where the stream getters behind
  // isBodyConsumed measured about 4 µs on an Express request.
  if (!Buffer.isBuffer(req.body) || !isBodyConsumed(req as IncomingMessage)) return undefined;
  const coding = req.headers['content-encoding'];
  if (coding !== undefined && coding.toLowerCase() !== 'identity') return undefined;
  return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length);
}

/**
 * `req.body` for a verified request: the JSON value, a form's fields (a prototype-less object, as
 * Express 4's `express.urlencoded({ extended: false })` gives), or the bytes.
 */
function toBody(verified: VerifiedRequest): unknown {
  const { json, form, body } = verified;
  if (json !== undefined) return json;
  if (form !== undefined) return formRecord(form);
  if (body.length === 0) return undefined;
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length);
}

/**
 * Marks the body as read for body parsers mounted after this middleware. body-parser 1.x (Express 4)
 * skips a request whose `_body` is set, its own "already parsed" flag; without it, its parsers read
 * the consumed stream and answer 500 "stream is not readable". body-parser 2 (Express 5) sees the
 * ended stream instead.
 */
function markBodyRead(req: Request): void {
  (req as Request & { _body?: boolean })._body = true;
}

/**
 * Creates the Express middleware. Mount it before any body parser (globally or per route).
 *
 * @example
 * ```ts
 * app.post('/orders', signwire(verifier), (req, res) => res.json({ by: req.signwire?.keyId, order: req.body }));
 * ```
 * @param verifier - a verifier from `createVerifier`.
 * @param options - CORS and response signing.
 * @returns the middleware. Rejections are answered as `{ error: { code, message } }` with the
 * code's status; a body already parsed by another middleware is CONFIGURATION_INVALID (500). When
 * an earlier middleware already answered (a timeout), a rejection is only reported to `onFailure`;
 * other errors go to `next(error)`.
 */
export function signwire(verifier: Verifier, options: ExpressSignwireOptions = {}): RequestHandler {
  const cors = options.cors === undefined ? undefined : resolveCors(options.cors, verifier.policy);
  resolveResponseSigning(options.signResponses); // fail fast on a malformed setting
  const signing = options.signResponses;
  return (req: Request, res: Response, next: NextFunction): void => {
    // Headers are read only for CORS: Node builds req.headers on first read, and nothing else here needs it.
    let extra: Record<string, string> | undefined;
    if (cors !== undefined) {
      const origin = req.headers.origin;
      if (isPreflight(req.method, req.headers['access-control-request-method'])) {
        res.writeHead(204, corsHeaders(cors, origin, true)).end();
        return;
      }
      extra = corsHeaders(cors, origin, false);
    }
    let verifying: Promise<VerifiedRequest>;
    try {
      // Express strips a mount path from req.url; originalUrl is the request target as received.
      verifying = verifier.verifyMessage({ ...fromIncomingMessage(req, capturedBytes(req)), requestTarget: req.originalUrl });
    } catch (error) {
      verifying = Promise.reject(error instanceof Error ? error : new ConfigurationError('CONFIGURATION_INVALID', String(error)));
    }
    verifying.then(
      (verified) => {
        try {
          // A response already sent (an earlier timeout middleware answered) takes no more headers.
          // (headersSent is read only when there are headers to add: on an Express response each
          // getter read costs about 1 µs.)
          const addsHeaders = extra !== undefined || effectiveResponseSigning(signing, verifier.responseSigning) !== undefined;
          if (addsHeaders && !res.headersSent) {
            if (extra !== undefined) for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
            signResponses(verifier, verified, res, signing);
          }
          req.signwire = verified;
          req.body = toBody(verified);
          // A new property costs each Express request a hidden class of its own: only where a parser
          // would look (body-parser skips requests without a body by itself).
          if (verified.body.length > 0) markBodyRead(req);
        } catch (error) {
          next(error);
          return;
        }
        next();
      },
      (error: unknown) => {
        // Other errors (a key resolver outage) go to the error handler.
        try {
          if (sendRejection(verifier, res, error, extra, signing)) return;
        } catch (failure) {
          next(failure);
          return;
        }
        next(error);
      },
    );
  };
}
