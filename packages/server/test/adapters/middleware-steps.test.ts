// The steps every adapter shares (src/adapters/middleware-steps.ts), without a framework.
import { VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import {
  createAnswerSigning,
  createCorsStep,
  NO_HEADERS,
  rejectionHeaders,
  verifiedFetchRequest,
  withHeaders,
} from '../../src/adapters/middleware-steps.js';
import { createVerifier, REJECTION_HEADERS, type Verifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, signedRequest } from '../helpers.js';

const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, log: false });
const APP = 'https://app.example.com';

describe('createCorsStep', () => {
  it('is undefined without the cors option, and then never reads the verifier (one may be installed later)', () => {
    const notYet = {
      get policy(): never {
        throw new Error('no verifier installed');
      },
    } as unknown as Verifier;
    expect(createCorsStep(undefined, notYet)).toBeUndefined();
  });

  it('tells a preflight, with the preflight headers, from a request, with the origin headers only', () => {
    const step = createCorsStep({ origins: [APP] }, verifier);
    const preflight = step?.('OPTIONS', 'POST', APP);
    expect(preflight?.preflight).toBe(true);
    expect(preflight?.headers).toMatchObject({ 'access-control-allow-origin': APP, 'access-control-allow-methods': expect.any(String) });
    const request = step?.('POST', undefined, APP);
    expect(request?.preflight).toBe(false);
    expect(request?.headers).toMatchObject({ 'access-control-allow-origin': APP });
    expect(request?.headers).not.toHaveProperty('access-control-allow-methods');
  });

  it('gives an origin it does not allow no headers, and still answers its preflight without verifying', () => {
    const step = createCorsStep({ origins: [APP] }, verifier);
    expect(step?.('OPTIONS', 'POST', 'https://evil.example')).toEqual({ preflight: true, headers: {} });
    expect(step?.('POST', undefined, 'https://evil.example')).toEqual({ preflight: false, headers: {} });
  });

  it('refuses malformed options at construction', () => {
    expect(() => createCorsStep({ origins: [] }, verifier)).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});

describe('rejectionHeaders', () => {
  it('adds the rejection headers to the adapter headers, without changing them', () => {
    const cors = { 'access-control-allow-origin': APP };
    const headers = rejectionHeaders(new VerificationError('SIGNATURE_INVALID', 'signature verification failed'), cors);
    expect(headers).toEqual({ ...cors, ...REJECTION_HEADERS });
    expect(cors).toEqual({ 'access-control-allow-origin': APP });
  });

  it.each([
    'BODY_TOO_LARGE',
    'CONTENT_LENGTH_MISMATCH',
    'FRAMING_AMBIGUOUS',
    'BODY_TIMEOUT',
  ] as const)('closes the connection after %s (the rest of the body is unread)', (code) => {
    expect(rejectionHeaders(new VerificationError(code, 'x'), NO_HEADERS)).toMatchObject({ connection: 'close' });
  });
});

describe('withHeaders', () => {
  it('sets headers on the response itself when it can', () => {
    const response = new Response('ok');
    expect(withHeaders(response, { vary: 'Origin' })).toBe(response);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('copies a response whose headers are immutable (Response.redirect)', () => {
    const redirect = Response.redirect('https://api.example.com/next', 302);
    const answer = withHeaders(redirect, { vary: 'Origin' });
    expect(answer).not.toBe(redirect);
    expect({ status: answer.status, location: answer.headers.get('location'), vary: answer.headers.get('vary') }).toEqual({
      status: 302,
      location: 'https://api.example.com/next',
      vary: 'Origin',
    });
  });

  it('returns the response untouched when there is nothing to add', () => {
    const redirect = Response.redirect('https://api.example.com/next', 302);
    expect(withHeaders(redirect, NO_HEADERS)).toBe(redirect);
  });
});

describe('verifiedFetchRequest', () => {
  it('carries the verified bytes, the URL, method and fields, and the verified result', async () => {
    const request = signedRequest({ body: '{"sku":"A-1"}' });
    const verified = await verifier.verify(request);
    const handed = verifiedFetchRequest(request, verified);
    expect(await handed.text()).toBe('{"sku":"A-1"}');
    expect({ url: handed.url, method: handed.method, type: handed.headers.get('content-type') }).toEqual({
      url: request.url,
      method: 'POST',
      type: 'application/json',
    });
    expect(handed.signwire).toBe(verified);
  });

  it('hands on a GET without a body', async () => {
    const request = signedRequest({ method: 'GET' });
    const handed = verifiedFetchRequest(request, await verifier.verify(request));
    expect(handed.body).toBeNull();
  });
});

describe('createAnswerSigning', () => {
  it("follows the verifier's signResponses when the route sets none, read per request", () => {
    let current: Verifier = verifier;
    const swappable = {
      get responseSigning() {
        return current.responseSigning;
      },
    } as Verifier;
    const signing = createAnswerSigning(swappable, undefined);
    expect(signing.settings()).toBeUndefined();
    current = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, signResponses: true, log: false });
    expect(signing.settings()).toMatchObject({ bufferStreams: false });
  });

  it('turns signing off for a route with false, and refuses a malformed setting at construction', () => {
    const signing = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, signResponses: true, log: false });
    expect(createAnswerSigning(signing, false).settings()).toBeUndefined();
    expect(() => createAnswerSigning(signing, { maxBodyBytes: -1 })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});
