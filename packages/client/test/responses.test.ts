// verifySignedResponses against a fake server that signs with core's signResponse: verified bytes,
// every rejection code, clock correction (clamp, Age, one retry only) and option checks. Clock
// correction under delay, against the real verifier: clock-correction.test.ts.
import { importSecret, isSignwireError, signResponse } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { createSignedFetch, createSigner, type Signer } from '../src/index.js';
import {
  type ClockSampleReport,
  DEFAULT_MAX_CLOCK_OFFSET_SECONDS,
  MAX_ROUND_TRIP_LIMIT_MILLISECONDS,
  SignedResponse,
  type SignedResponseOptions,
  verifySignedResponses,
} from '../src/responses.js';
import { headerLines, KEY_ID, SECRET_BASE64 } from './helpers.js';

const SECRET = { base64: SECRET_BASE64 } as const;
const KEY = importSecret(SECRET);
const URL_ = 'https://api.example.com/v1/items?x=1';

interface FakeServer {
  /** Server time, Unix seconds. */
  time: number;
  /** Answers each request: status + JSON body, signed unless `unsigned`. */
  answer: (request: Request) => { status: number; body?: string; unsigned?: boolean; keyId?: string; headers?: Record<string, string> };
}

function fakeFetch(server: FakeServer): { fetch: (request: Request) => Promise<Response>; sent: Request[] } {
  const sent: Request[] = [];
  return {
    sent,
    fetch: async (request) => {
      sent.push(request);
      const { status, body, unsigned, keyId, headers = {} } = server.answer(request);
      const fields: Record<string, string> = { 'content-type': 'application/json', ...headers };
      if (unsigned !== true) {
        const requestFields: [string, string][] = [];
        request.headers.forEach((value, name) => {
          requestFields.push([name, value]);
        });
        const parts = signResponse({
          response: { status, headers: Object.entries(fields), body },
          request: { method: request.method, url: request.url, headers: requestFields },
          key: KEY,
          keyId: keyId ?? KEY_ID,
          created: server.time,
        });
        Object.assign(fields, parts.headers);
      }
      return new Response(body ?? null, { status, headers: fields });
    },
  };
}

const rejection = (code: string) => ({ status: 401, body: JSON.stringify({ error: { code, message: 'x' } }) });

// The local clock stands still half-way through a second: an instant exchange then bounds the offset
// to [created − 0.5 s, created + 0.5 s] (docs/spec.md §15.3), whose centre is exactly the skew.
function setup(server: FakeServer, options: Partial<SignedResponseOptions> = {}, localMillis = 1_700_000_000_500) {
  const now = () => localMillis;
  const signer: Signer = createSigner({ keyId: KEY_ID, secret: SECRET, now });
  const fake = fakeFetch(server);
  const signedFetch = createSignedFetch(signer, {
    fetch: fake.fetch,
    responses: verifySignedResponses({ secret: SECRET, now, ...options }),
  });
  return { signer, signedFetch, sent: fake.sent };
}

/** A server that rejects requests whose created is more than 60 s off its clock. */
function clockServer(time: number, extra: Record<string, string> = {}): FakeServer {
  return {
    time,
    answer: (request) => {
      const created = Number(/created=(\d+)/.exec(request.headers.get('signature-input') ?? '')?.[1]);
      if (created > time + 60) return { ...rejection('SIGNATURE_FROM_FUTURE'), headers: extra };
      if (created < time - 300) return { ...rejection('SIGNATURE_EXPIRED'), headers: extra };
      return { status: 200, body: '{"ok":true}' };
    },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSignwireError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a SignwireError');
}

describe('verifySignedResponses', () => {
  it('returns a new Response with the verified bytes, status and fields', async () => {
    const { signedFetch } = setup({ time: 1_700_000_000, answer: () => ({ status: 201, body: '{"id":7}' }) });
    const response = await signedFetch(URL_, { method: 'POST', body: 'x' });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('{"id":7}');
    expect(response.headers.get('signature-input')).toContain('"@status"');
  });

  it('accepts a signed 204 without a body', async () => {
    const { signedFetch } = setup({ time: 1_700_000_000, answer: () => ({ status: 204 }) });
    const response = await signedFetch(URL_);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('refuses an unsigned response (SIGNATURE_MISSING)', async () => {
    const { signedFetch } = setup({ time: 1_700_000_000, answer: () => ({ status: 200, body: '{}', unsigned: true }) });
    expect(await codeOf(signedFetch(URL_))).toBe('SIGNATURE_MISSING');
  });

  it('refuses a response signed for another key id (KEY_UNKNOWN)', async () => {
    const { signedFetch } = setup({ time: 1_700_000_000, answer: () => ({ status: 200, body: '{}', keyId: 'client-2' }) });
    expect(await codeOf(signedFetch(URL_))).toBe('KEY_UNKNOWN');
  });

  it('refuses a response verified with another secret (SIGNATURE_INVALID)', async () => {
    const signer = createSigner({ keyId: KEY_ID, secret: SECRET });
    const fake = fakeFetch({ time: 1_700_000_000, answer: () => ({ status: 200, body: '{}' }) });
    const other = verifySignedResponses({ secret: { hex: 'ab'.repeat(32) } });
    expect(await codeOf(createSignedFetch(signer, { fetch: fake.fetch, responses: other })(URL_))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a response whose body cannot be read (BODY_NOT_BUFFERABLE)', async () => {
    const signer = createSigner({ keyId: KEY_ID, secret: SECRET });
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const responses = verifySignedResponses({ secret: SECRET });
    const signedFetch = createSignedFetch(signer, { fetch: async () => new Response(broken), responses });
    expect(await codeOf(signedFetch(URL_))).toBe('BODY_NOT_BUFFERABLE');
  });

  it.each([
    ['SIGNATURE_EXPIRED', 600],
    ['SIGNATURE_FROM_FUTURE', -600],
  ])('corrects the clock from a signed %s and retries once with a fresh nonce', async (_code, skew) => {
    const { signer, signedFetch, sent } = setup(clockServer(1_700_000_000 + skew));
    expect((await signedFetch(URL_, { method: 'PUT', body: 'bytes' })).status).toBe(200);
    expect(signer.clockOffsetSeconds).toBe(skew);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.headers.get('signature-input')).not.toBe(sent[1]?.headers.get('signature-input'));
    expect(await sent[1]?.text()).toBe('bytes');
    expect((await signedFetch(URL_)).status).toBe(200);
    expect(sent).toHaveLength(3);
  });

  it(`clamps the offset to maxClockOffsetSeconds (default ${DEFAULT_MAX_CLOCK_OFFSET_SECONDS})`, async () => {
    const { signer, signedFetch, sent } = setup(clockServer(1_700_000_000 + 86_400));
    const response = await signedFetch(URL_);
    expect(response.status).toBe(401);
    expect(signer.clockOffsetSeconds).toBe(3600);
    expect(sent).toHaveLength(2); // one retry, never a loop
  });

  it('honours a smaller maxClockOffsetSeconds', async () => {
    const { signer } = await (async () => {
      const s = setup(clockServer(1_700_000_000 - 600), { maxClockOffsetSeconds: 120 });
      await s.signedFetch(URL_);
      return s;
    })();
    expect(signer.clockOffsetSeconds).toBe(-120);
  });

  it('does not learn from a response carrying Age (a cache answered): no correction, no retry, reported', async () => {
    const reports: ClockSampleReport[] = [];
    const { signer, signedFetch, sent } = setup(clockServer(1_700_000_600, { age: '3' }), { onClockSample: (r) => reports.push(r) });
    expect((await signedFetch(URL_)).status).toBe(401);
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(sent).toHaveLength(1);
    expect(reports).toMatchObject([{ code: 'SIGNATURE_EXPIRED', outcome: 'refused', reason: 'RESPONSE_CACHED', offsetSeconds: 0 }]);
  });

  it('does not correct with correctClock: false, nor on other signed rejections', async () => {
    const off = setup(clockServer(1_700_000_600), { correctClock: false });
    expect((await off.signedFetch(URL_)).status).toBe(401);
    expect(off.sent).toHaveLength(1);
    const other = setup({ time: 1_700_000_600, answer: () => rejection('NONCE_REPLAYED') });
    expect((await other.signedFetch(URL_)).status).toBe(401);
    expect(other.signer.clockOffsetSeconds).toBe(0);
    expect(other.sent).toHaveLength(1);
  });

  it('tells verified fields from fields added in transit: verifiedHeaders and covered', async () => {
    // The server signs a 201 with Location; on the way, Set-Cookie, Cache-Control and a second
    // Location line are added (a man-in-the-middle, or a proxy).
    const server: FakeServer = {
      time: 1_700_000_000,
      answer: () => ({ status: 201, body: '{"id":7}', headers: { location: '/v1/items/7' } }),
    };
    const fake = fakeFetch(server);
    const injecting = async (request: Request): Promise<Response> => {
      const response = await fake.fetch(request);
      const headers = new Headers(response.headers);
      headers.append('set-cookie', 'session=attacker');
      headers.set('cache-control', 'public, max-age=31536000');
      headers.set('x-injected', '1');
      return new Response(response.body, { status: response.status, headers });
    };
    const signer = createSigner({ keyId: KEY_ID, secret: SECRET });
    const response = await createSignedFetch(signer, { fetch: injecting, responses: verifySignedResponses({ secret: SECRET }) })(URL_);
    expect(response).toBeInstanceOf(SignedResponse);
    const signed = response as SignedResponse;
    expect(signed.covered).toEqual([
      '"@status"',
      '"location"',
      '"content-type"',
      '"content-digest"',
      '"@method";req',
      '"@authority";req',
      '"@path";req',
      '"@query";req',
      '"signature";key="sig1";req',
    ]);
    expect(headerLines(signed.verifiedHeaders).map(([name]) => name)).toEqual(['content-digest', 'content-type', 'location']);
    expect(signed.verifiedHeaders.get('location')).toBe('/v1/items/7');
    expect(signed.verifiedHeaders.has('set-cookie')).toBe(false);
    expect(signed.verifiedHeaders.has('cache-control')).toBe(false);
    // The fields as received stay on response.headers, unverified.
    expect(signed.headers.get('cache-control')).toBe('public, max-age=31536000');
    expect(signed.created).toBe(1_700_000_000);
    expect(signed.clockSample).toBeUndefined();
  });

  it('a Location changed in transit fails (SIGNATURE_INVALID): the server covers it by default', async () => {
    const server: FakeServer = { time: 1_700_000_000, answer: () => ({ status: 201, body: '{}', headers: { location: '/v1/items/7' } }) };
    const fake = fakeFetch(server);
    const redirecting = async (request: Request): Promise<Response> => {
      const response = await fake.fetch(request);
      const headers = new Headers(response.headers);
      headers.set('location', 'https://evil.example/');
      return new Response(response.body, { status: response.status, headers });
    };
    const signer = createSigner({ keyId: KEY_ID, secret: SECRET });
    const signedFetch = createSignedFetch(signer, { fetch: redirecting, responses: verifySignedResponses({ secret: SECRET }) });
    expect(await codeOf(signedFetch(URL_))).toBe('SIGNATURE_INVALID');
  });

  it('a response that cannot correct the clock says why, without onClockSample (an injected Age)', async () => {
    const { signer, signedFetch } = setup(clockServer(1_700_000_600, { age: '0' }));
    const response = (await signedFetch(URL_)) as SignedResponse;
    expect(response.status).toBe(401);
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(response.clockSample).toMatchObject({
      code: 'SIGNATURE_EXPIRED',
      outcome: 'refused',
      reason: 'RESPONSE_CACHED',
      offsetSeconds: 0,
    });
  });

  it('a response after a correction carries the sample that corrected the clock', async () => {
    const { signedFetch } = setup(clockServer(1_700_000_600));
    const response = (await signedFetch(URL_)) as SignedResponse;
    expect(response.status).toBe(200);
    expect(response.clockSample).toMatchObject({ code: 'SIGNATURE_EXPIRED', outcome: 'corrected', offsetSeconds: 600 });
  });

  it('checks its options (CONFIGURATION_INVALID, KEY_INVALID)', async () => {
    const bad: (() => unknown)[] = [
      () => verifySignedResponses(null as unknown as SignedResponseOptions),
      () => verifySignedResponses({ secret: SECRET, maxClockOffsetSeconds: -1 }),
      () => verifySignedResponses({ secret: SECRET, maxClockOffsetSeconds: 1.5 }),
      () => verifySignedResponses({ secret: SECRET, now: 5 as unknown as () => number }),
      () => verifySignedResponses({ secret: SECRET, maxRoundTripMilliseconds: -1 }),
      () => verifySignedResponses({ secret: SECRET, maxRoundTripMilliseconds: 0.5 }),
      () => verifySignedResponses({ secret: SECRET, maxRoundTripMilliseconds: MAX_ROUND_TRIP_LIMIT_MILLISECONDS + 1 }),
      () => verifySignedResponses({ secret: SECRET, onClockSample: 'log' as unknown as () => void }),
    ];
    for (const run of bad) expect(await codeOf(Promise.resolve().then(run))).toBe('CONFIGURATION_INVALID');
    expect(typeof verifySignedResponses({ secret: SECRET, maxRoundTripMilliseconds: 30_000 })).toBe('function');
    expect(typeof verifySignedResponses({ secret: SECRET, maxRoundTripMilliseconds: 0 })).toBe('function');
    expect(await codeOf(Promise.resolve().then(() => verifySignedResponses({ secret: { base64: 'AAAA' } })))).toBe('KEY_INVALID');
  });
});
