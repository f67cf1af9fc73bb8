/**
 * `@signwire/server/express`: middleware that verifies before any body parser and hands on
 * `req.body` (parsed JSON for JSON requests, the fields of a UTF-8 urlencoded form as Express 4's
 * `express.urlencoded({ extended: false })` shapes them, else a `Buffer` of the exact bytes; all from
 * the verified bytes, never re-serialized) and `req.signwire` (the verified result).
 *
 * @module @signwire/server/express
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CorsOptions } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { formRecord } from '../form-body.js';
import type { ResponseSigningSetting } from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';
import { type AnswerHeaders, type AnswerSigning, createAnswerSigning, createCorsStep, NO_HEADERS } from './middleware-steps.js';
import { answerNodeRejection, isBodyConsumed, receivedMessage, signVerifiedNodeResponse } from './node-steps.js';

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
  // req.body first: it is unset unless a parser ran, and one plain read, where the stream getters
  // behind isBodyConsumed walk the prototype chain of a request object V8 cannot cache (see
  // docs/performance.md, "Express's request object is slow to touch").
  if (!Buffer.isBuffer(req.body) || !isBodyConsumed(req)) return undefined;
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
 * The verified hand-off: the response headers (CORS, the response signature) unless an earlier
 * middleware already answered, then `req.signwire` and `req.body`.
 */
function handOff(
  verifier: Verifier,
  req: Request,
  res: Response,
  verified: VerifiedRequest,
  cors: AnswerHeaders,
  signing: AnswerSigning,
): void {
  // A response already sent (an earlier timeout middleware answered) takes no more headers.
  // headersSent is read only when there are headers to add: each getter of an Express response is a
  // read V8 cannot cache.
  const settings = signing.settings();
  if ((cors !== NO_HEADERS || settings !== undefined) && !res.headersSent) {
    for (const name of Object.keys(cors)) res.setHeader(name, cors[name] as string);
    signVerifiedNodeResponse(verifier, verified, res, settings);
  }
  req.signwire = verified;
  req.body = toBody(verified);
  // Only where a parser would look (body-parser skips requests without a body by itself): a new
  // property gives the request object a hidden class of its own.
  if (verified.body.length > 0) markBodyRead(req);
}

/**
 * Answers a rejection, or hands anything else (a key resolver outage) to `next(error)`. It never
 * throws: it runs in the middleware's catch block, and what fails while answering goes to
 * `next(failure)` too.
 */
function answerOrForward(
  verifier: Verifier,
  res: Response,
  error: unknown,
  cors: AnswerHeaders,
  signing: AnswerSigning,
  next: NextFunction,
): void {
  let answered: boolean;
  try {
    answered = answerNodeRejection(verifier, res, error, cors, signing.settings());
  } catch (failure) {
    next(failure);
    return;
  }
  if (!answered) next(error);
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
 * @throws ConfigurationError CONFIGURATION_INVALID for malformed `cors` or `signResponses` options.
 */
export function signwire(verifier: Verifier, options: ExpressSignwireOptions = {}): RequestHandler {
  const corsStep = createCorsStep(options.cors, verifier);
  const signing = createAnswerSigning(verifier, options.signResponses);
  return async function verifySignedRequest(req: Request, res: Response, next: NextFunction): Promise<void> {
    let cors = NO_HEADERS;
    if (corsStep !== undefined) {
      // req.headers is read only for CORS: Node builds it on first read, and nothing else here needs it.
      const decision = corsStep(req.method, req.headers['access-control-request-method'], req.headers.origin);
      if (decision.preflight) {
        res.writeHead(204, decision.headers).end();
        return;
      }
      cors = decision.headers;
    }
    let verified: VerifiedRequest | undefined;
    try {
      // Express strips a mount path from req.url; originalUrl is the request target as received.
      verified = await verifier.verifyMessage(receivedMessage(req, capturedBytes(req), req.originalUrl));
      handOff(verifier, req, res, verified, cors, signing);
    } catch (error) {
      if (verified === undefined) answerOrForward(verifier, res, error, cors, signing, next);
      else next(error);
      return;
    }
    next();
  };
}
