/**
 * `@signwire/server/fastify`: a plugin that verifies in the `preParsing` hook, reading Fastify's raw
 * payload stream once (with the limit), then hands the exact verified bytes on to Fastify's own
 * content-type parsers, so `request.body` is parsed from them (never re-serialized).
 * `request.signwire` is the verified result.
 *
 * @module @signwire/server/fastify
 */
import { Readable } from 'node:stream';
import { isSignwireError, type SignwireError } from '@signwire/core';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { CorsOptions } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { type ResponseSigningSetting, tooLarge } from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';
import {
  type AnswerHeaders,
  type AnswerSigning,
  createAnswerSigning,
  createCorsStep,
  NO_HEADERS,
  rejectionHeaders,
} from './middleware-steps.js';
import { receivedMessage } from './node-steps.js';

export { keyIssuingRoute } from './issuing-fastify.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified Signwire signature (null until the plugin's hook has run). */
    signwire: VerifiedRequest | null;
  }
}

/** Options of the Fastify plugin. */
export interface FastifySignwireOptions {
  /** A verifier from `createVerifier`. */
  readonly verifier: Verifier;
  /** Answer CORS preflights and add CORS headers to responses (see docs/server.md). */
  readonly cors?: CorsOptions | undefined;
  /** Sign responses in this scope (default: the verifier's `signResponses`); see docs/server.md. */
  readonly signResponses?: ResponseSigningSetting | undefined;
}

type Payload = AsyncIterable<Uint8Array> & NodeJS.ReadableStream;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Answers a rejection; the `onSend` hook signs it when it deserves a signature. */
function answerRejection(verifier: Verifier, reply: FastifyReply, error: SignwireError, cors: AnswerHeaders): void {
  reply
    .code(error.status)
    .headers(rejectionHeaders(error, cors))
    .send(JSON.stringify(verifier.errorBody(error)));
}

/** The verified hand-off: the exact verified bytes, as the payload Fastify's content-type parsers read. */
function verifiedPayload(verified: VerifiedRequest): Readable {
  const stream = Readable.from(verified.body.length === 0 ? [] : [Buffer.from(verified.body)]);
  return Object.assign(stream, { receivedEncodedLength: verified.body.length });
}

async function payloadBytes(payload: unknown, bufferStreams: boolean, limit: number): Promise<Buffer | null> {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string' || payload instanceof Uint8Array) {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    if (bytes.length > limit) throw tooLarge(limit); // the same contract as streams and the other adapters
    return bytes;
  }
  if (!bufferStreams || typeof (payload as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') return null;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of payload as AsyncIterable<string | Uint8Array>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += bytes.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function replyFieldLines(reply: FastifyReply): [string, string][] {
  const lines: [string, string][] = [];
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push([name, String(item)]);
  }
  return lines;
}

/**
 * The hook's work for one request: answers a preflight or a rejection (and returns `undefined`), or
 * returns the payload to parse. Other errors (a key resolver outage) are thrown as `Error`s.
 */
type VerifyBeforeParsing = (request: FastifyRequest, reply: FastifyReply, payload: Payload) => Promise<Readable | undefined>;

function createVerifyBeforeParsing(
  verifier: Verifier,
  options: FastifySignwireOptions,
  rejections: WeakMap<FastifyRequest, SignwireError>,
): VerifyBeforeParsing {
  const corsStep = createCorsStep(options.cors, verifier);
  return async function verifyBeforeParsing(request, reply, payload) {
    let cors = NO_HEADERS;
    if (corsStep !== undefined) {
      const decision = corsStep(
        request.method,
        request.headers['access-control-request-method'] as string | undefined,
        request.headers.origin,
      );
      if (decision.preflight) {
        // Answered here, whatever route matched: an unverified request is never handed on (an
        // app.all() or OPTIONS route would otherwise run unauthenticated).
        reply.code(204).headers(decision.headers).send();
        return undefined;
      }
      cors = decision.headers;
    }
    let verified: VerifiedRequest | undefined;
    try {
      const message = receivedMessage(request.raw, undefined, request.raw.url ?? '');
      verified = await verifier.verifyMessage(payload === request.raw ? message : { ...message, body: payload });
      request.signwire = verified;
      reply.headers(cors);
      return verifiedPayload(verified);
    } catch (error) {
      if (verified !== undefined || !isSignwireError(error)) throw asError(error);
      rejections.set(request, error);
      answerRejection(verifier, reply, error, cors);
      return undefined;
    }
  };
}

/** The `onSend` hook: signs the answer to a verified request, or to a rejection that deserves it. */
function createSignAnswer(signing: AnswerSigning, rejections: WeakMap<FastifyRequest, SignwireError>) {
  return async function signAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const answered = request.signwire ?? rejections.get(request);
    const signer = answered === undefined ? undefined : signing.signerFor(answered);
    if (signer === undefined) return payload;
    const body = await payloadBytes(payload, signer.settings.bufferStreams, signer.settings.maxBodyBytes);
    if (body === null) return payload; // a stream without bufferStreams: sent unsigned
    reply.headers(signer.sign({ status: reply.statusCode, headers: replyFieldLines(reply), body }));
    if (reply.hasHeader('content-length')) reply.header('content-length', body.length);
    return body;
  };
}

const plugin: FastifyPluginCallback<FastifySignwireOptions> = (fastify: FastifyInstance, options, done) => {
  const { verifier } = options;
  const rejections = new WeakMap<FastifyRequest, SignwireError>();
  const verifyBeforeParsing = createVerifyBeforeParsing(verifier, options, rejections);
  const signing = createAnswerSigning(verifier, options.signResponses);
  fastify.decorateRequest('signwire', null);
  if (options.cors !== undefined) {
    // A route for preflights to paths the app does not declare for OPTIONS; the hook answers them.
    fastify.options('*', (_request, reply) => {
      reply.code(204).send();
    });
  }
  // A callback hook, not an async one: Fastify goes on to the next hook when an async hook resolves
  // and the reply has not ended yet, which an answer still passing the onSend hooks has not.
  fastify.addHook('preParsing', (request, reply, payload, next) => {
    verifyBeforeParsing(request, reply, payload as Payload).then((parsed) => {
      if (parsed !== undefined) next(null, parsed);
    }, next);
  });
  if (options.signResponses !== false) fastify.addHook('onSend', createSignAnswer(signing, rejections));
  done();
};

/** Marks the plugin as not encapsulated, so its hook applies to the routes of the registering scope. */
const skipOverride: unique symbol = Symbol.for('skip-override') as never;

/**
 * The Fastify plugin. Register it in the scope whose routes must be signed.
 *
 * @example
 * ```ts
 * await app.register(signwirePlugin, { verifier });
 * app.post('/orders', async (request) => ({ by: request.signwire?.keyId, order: request.body }));
 * ```
 */
export const signwirePlugin: FastifyPluginCallback<FastifySignwireOptions> = Object.assign(plugin, { [skipOverride]: true });
