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
import { type CorsOptions, corsHeaders, isPreflight, resolveCors } from '../cors.js';
import type { Verifier } from '../create-verifier.js';
import { closesConnection, REJECTION_HEADERS } from '../error-response.js';
import { type ResponseSigningSetting, routeResponseSigning, tooLarge } from '../response-signing.js';
import type { VerifiedRequest } from '../verifier-types.js';
import { fromIncomingMessage } from './node.js';

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

function reject(verifier: Verifier, reply: FastifyReply, error: unknown, extra: Record<string, string>): boolean {
  if (!isSignwireError(error)) return false;
  const close = closesConnection(error);
  reply
    .code(error.status)
    .headers({ ...extra, ...REJECTION_HEADERS, ...(close ? { connection: 'close' } : {}) })
    .send(JSON.stringify(verifier.errorBody(error)));
  return true;
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

const plugin: FastifyPluginCallback<FastifySignwireOptions> = (fastify: FastifyInstance, options, done) => {
  const { verifier } = options;
  const signingFor = routeResponseSigning(options.signResponses);
  const rejections = new WeakMap<FastifyRequest, SignwireError>();
  const cors = options.cors === undefined ? undefined : resolveCors(options.cors, verifier.policy);
  const preflight = (request: FastifyRequest): boolean =>
    cors !== undefined && isPreflight(request.method, request.headers['access-control-request-method'] as string | undefined);
  fastify.decorateRequest('signwire', null);
  if (cors !== undefined) {
    // A route for preflights to paths the app does not declare for OPTIONS; the hook answers them.
    fastify.options('*', (_request, reply) => {
      reply.code(204).send();
    });
  }
  fastify.addHook('preParsing', (request, reply, payload, next) => {
    if (preflight(request) && cors !== undefined) {
      // Answer the preflight here, whatever route matched: never hand an unverified request on
      // (an app.all() or OPTIONS route would otherwise run unauthenticated).
      reply
        .code(204)
        .headers(corsHeaders(cors, request.headers.origin, true))
        .send();
      return;
    }
    const extra = cors === undefined ? {} : corsHeaders(cors, request.headers.origin, false);
    let verifying: Promise<VerifiedRequest>;
    try {
      const message = fromIncomingMessage(request.raw);
      const body = payload === request.raw ? message.body : (payload as Payload);
      verifying = verifier.verifyMessage({ ...message, body });
    } catch (error) {
      verifying = Promise.reject(error);
    }
    // Neither callback may throw: the promise they return is not awaited by anyone.
    verifying.then(
      (verified) => {
        let stream: Readable;
        try {
          request.signwire = verified;
          reply.headers(extra);
          stream = Readable.from(verified.body.length === 0 ? [] : [Buffer.from(verified.body)]);
        } catch (error) {
          next(asError(error));
          return;
        }
        next(null, Object.assign(stream, { receivedEncodedLength: verified.body.length }));
      },
      (error: unknown) => {
        if (isSignwireError(error)) rejections.set(request, error);
        try {
          if (reject(verifier, reply, error, extra)) return;
        } catch (failure) {
          next(asError(failure));
          return;
        }
        next(asError(error));
      },
    );
  });
  if (options.signResponses !== false) {
    fastify.addHook('onSend', async (request, reply, payload) => {
      const signing = signingFor(verifier.responseSigning);
      if (signing === undefined) return payload;
      const answered = request.signwire ?? rejections.get(request);
      const sign = answered === undefined ? undefined : verifier.responseSigner(answered, signing.components);
      if (sign === undefined) return payload;
      const body = await payloadBytes(payload, signing.bufferStreams, signing.maxBodyBytes);
      if (body === null) return payload; // a stream without bufferStreams: sent unsigned
      reply.headers(sign({ status: reply.statusCode, headers: replyFieldLines(reply), body }));
      if (reply.hasHeader('content-length')) reply.header('content-length', body.length);
      return body;
    });
  }
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
