// Clock correction from signed time rejections (docs/spec.md §15.3) under simulated delay: one true
// clock in milliseconds that only the test moves, a client reading it with a skew, the real verifier
// reading it without, and a fetch stub that holds the request and the response as long as an
// attacker on the path would. The attacks: a request held past its lifetime makes the server answer
// with a correctly signed SIGNATURE_EXPIRED; a client that learnt its offset from that round trip
// would sign the next requests in the future, and a held copy would be accepted long after it was made.
import { isSignwireError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { createVerifier, signFetchResponse, type Verifier } from '../../server/src/index.js';
import { createSignedFetch, createSigner, type Signer, type SignerOptions } from '../src/index.js';
import { type ClockSampleReport, type SignedResponseOptions, verifySignedResponses } from '../src/responses.js';
import { KEY_ID, SECRET_BASE64 } from './helpers.js';

const SECRET = { base64: SECRET_BASE64 } as const;
const ORIGIN = 'https://api.example.com';
const URL_ = `${ORIGIN}/v1/orders?x=1`;
/** The true time when each test starts, ms (a whole second). */
const START = 1_700_000_000_000;

/** How long the path holds one exchange: the request on its way to the server, the response on its way back. */
interface Hold {
  readonly request: number;
  readonly response: number;
}

class World {
  /** The true time, ms. The server's clock reads it; the client's reads it plus its skew. */
  trueMillis = START;
  /** Holds for the next exchanges, in order; an exchange without one is instant. */
  readonly holds: Hold[] = [];
  sent = 0;
  readonly verifier: Verifier = createVerifier({
    keys: { [KEY_ID]: SECRET },
    publicOrigin: ORIGIN,
    now: () => this.trueMillis / 1000,
    signResponses: true,
  });

  constructor(readonly clientSkewMillis = 0) {}

  readonly clientNow = (): number => this.trueMillis + this.clientSkewMillis;

  readonly fetch = async (request: Request): Promise<Response> => {
    this.sent += 1;
    const hold = this.holds.shift() ?? { request: 0, response: 0 };
    this.trueMillis += hold.request;
    const response = await this.serve(request);
    this.trueMillis += hold.response;
    return response;
  };

  /** The server: the real verifier; accepted requests and time rejections are answered signed. */
  async serve(request: Request): Promise<Response> {
    try {
      const verified = await this.verifier.verify(request);
      const sign = this.verifier.responseSigner(verified);
      const settings = this.verifier.responseSigning;
      const answer = new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
      if (sign === undefined || settings === undefined) throw new Error('the test server must sign its responses');
      return await signFetchResponse(sign, answer, settings);
    } catch (error) {
      if (isSignwireError(error)) return this.verifier.errorResponse(error);
      throw error;
    }
  }
}

interface Client {
  readonly signer: Signer;
  readonly signedFetch: ReturnType<typeof createSignedFetch>;
  readonly reports: ClockSampleReport[];
}

function client(world: World, signerOptions: Partial<SignerOptions> = {}, responseOptions: Partial<SignedResponseOptions> = {}): Client {
  const reports: ClockSampleReport[] = [];
  const signer = createSigner({ keyId: KEY_ID, secret: SECRET, now: world.clientNow, ...signerOptions });
  const responses = verifySignedResponses({
    secret: SECRET,
    now: world.clientNow,
    onClockSample: (report) => reports.push(report),
    ...responseOptions,
  });
  return { signer, signedFetch: createSignedFetch(signer, { fetch: world.fetch, responses }), reports };
}

async function codeOf(response: Response): Promise<string | undefined> {
  return ((await response.clone().json()) as { error?: { code?: string } }).error?.code;
}

/** What the server decides about `request` when it arrives now: 'accepted' or the rejection code. */
async function verdict(world: World, request: Request): Promise<string> {
  try {
    await world.verifier.verify(request);
    return 'accepted';
  } catch (error) {
    if (isSignwireError(error)) return error.code;
    throw error;
  }
}

describe('clock correction under delay: a held request does not move the clock', () => {
  it('expiresInSeconds 30, request held 200 s: the clock stays put, and a later request held 70 s is refused', async () => {
    const world = new World();
    const { signer, signedFetch, reports } = client(world, { expiresInSeconds: 30 });
    world.holds.push({ request: 200_000, response: 0 });
    const response = await signedFetch(URL_);

    // The attacker keeps the next request and delivers it 70 s after it was made.
    const kept = await signer.signRequest(new Request(URL_));
    world.trueMillis += 70_000;
    expect(await verdict(world, kept)).toBe('SIGNATURE_EXPIRED');

    expect(signer.clockOffsetSeconds).toBe(0);
    expect(world.sent).toBe(1); // the 200 s round trip is ignored: nothing to retry with
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('SIGNATURE_EXPIRED');
    expect(reports).toMatchObject([{ outcome: 'refused', reason: 'ROUND_TRIP_TOO_LONG', roundTripMilliseconds: 200_000 }]);
  });

  it('defaults, request held 7,000 s: the clock stays put, and a later request held 3,470 s is refused', async () => {
    const world = new World();
    const { signer, signedFetch, reports } = client(world);
    world.holds.push({ request: 7_000_000, response: 0 });
    const response = await signedFetch(URL_);

    const kept = await signer.signRequest(new Request(URL_));
    world.trueMillis += 3_470_000;
    expect(await verdict(world, kept)).toBe('SIGNATURE_EXPIRED');

    expect(signer.clockOffsetSeconds).toBe(0);
    expect(world.sent).toBe(1);
    expect(await codeOf(response)).toBe('SIGNATURE_EXPIRED');
    expect(reports).toMatchObject([{ outcome: 'refused', reason: 'ROUND_TRIP_TOO_LONG' }]);
  });

  it('a short hold that still expires the request (expiresInSeconds 1, held 2 s) leaves a correct clock unchanged, without a retry', async () => {
    // Sent at 0 s, signed by the server at 2 s (created 2), received at 2 s: the true offset lies in
    // [2 − 2, 2 + 1 − 0] = [0, 3], and 0 is in it.
    const world = new World();
    const { signer, signedFetch, reports } = client(world, { expiresInSeconds: 1 });
    world.holds.push({ request: 2000, response: 0 });
    expect(await codeOf(await signedFetch(URL_))).toBe('SIGNATURE_EXPIRED');
    expect(world.sent).toBe(1);
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(reports).toMatchObject([{ outcome: 'unchanged', offsetSeconds: 0, previousOffsetSeconds: 0, roundTripMilliseconds: 2000 }]);
  });

  it('a response held on its way back cannot push a skewed clock past what the round trip bounds', async () => {
    // The client is 600 s behind. Sent at local L, the server signs at true L + 600.1 s (created
    // L + 600), the response is held 4.8 s: received at L + 4.9 s. The offset lies in
    // [600 − 4.9, 600 + 1 − 0] = [595.1, 601]; its centre 598.05 is taken: 598.
    const world = new World(-600_000);
    const { signer, signedFetch, reports } = client(world);
    world.holds.push({ request: 100, response: 4800 });
    expect((await signedFetch(URL_)).status).toBe(200);
    expect(signer.clockOffsetSeconds).toBe(598);
    expect(reports).toMatchObject([{ outcome: 'corrected', offsetSeconds: 598, roundTripMilliseconds: 4900 }]);
    expect(world.sent).toBe(2);
  });
});

describe('clock correction under delay: a skewed client is still corrected', () => {
  it.each([
    ['behind', -600_000, 'SIGNATURE_EXPIRED', 600],
    ['ahead', 600_000, 'SIGNATURE_FROM_FUTURE', -600],
  ] as const)('a client 10 minutes %s is corrected from a 300 ms round trip and its retry is accepted', async (_, skew, code, expected) => {
    // Behind: sent at local L = true − 600 s, signed by the server at true + 0.15 s (created = the
    // true second), received at L + 0.3 s: the offset lies in [599.7, 601], centre 600.35 → 600.
    // Ahead: the same interval shifted by −1200 s: [−600.3, −599], centre −599.65 → −600.
    const world = new World(skew);
    const { signer, signedFetch, reports } = client(world);
    world.holds.push({ request: 150, response: 150 });
    const response = await signedFetch(URL_, { method: 'POST', body: 'order' });
    expect(response.status).toBe(200);
    expect(signer.clockOffsetSeconds).toBe(expected);
    expect(reports).toEqual([
      {
        code,
        created: START / 1000,
        sentAt: START + skew,
        receivedAt: START + skew + 300,
        roundTripMilliseconds: 300,
        previousOffsetSeconds: 0,
        outcome: 'corrected',
        reason: undefined,
        offsetSeconds: expected,
      },
    ]);
    expect(world.sent).toBe(2);
    expect((await signedFetch(URL_)).status).toBe(200); // later requests succeed the first time
    expect(world.sent).toBe(3);
  });
});

describe('clock correction under delay: the round-trip limit', () => {
  // The client is 600 s behind; each exchange is held half on the way out, half on the way back.
  async function run(roundTrip: number, options: Partial<SignedResponseOptions> = {}) {
    const world = new World(-600_000);
    const c = client(world, {}, options);
    world.holds.push({ request: Math.floor(roundTrip / 2), response: Math.ceil(roundTrip / 2) });
    const response = await c.signedFetch(URL_);
    return { world, ...c, status: response.status };
  }

  it('corrects from a round trip of exactly 5,000 ms (the default limit)', async () => {
    // Sent at local L, signed at true L + 600 + 2.5 s (created L + 602), received at L + 5 s:
    // the offset lies in [602 − 5, 602 + 1 − 0] = [597, 603], centre 600.
    const { signer, status, world, reports } = await run(5000);
    expect(status).toBe(200);
    expect(signer.clockOffsetSeconds).toBe(600);
    expect(reports).toMatchObject([{ outcome: 'corrected', roundTripMilliseconds: 5000 }]);
    expect(world.sent).toBe(2);
  });

  it('ignores a round trip of 5,001 ms: offset unchanged, no retry, the signed rejection is returned', async () => {
    const { signer, status, world, reports } = await run(5001);
    expect(status).toBe(401);
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(world.sent).toBe(1);
    expect(reports).toMatchObject([
      { outcome: 'refused', reason: 'ROUND_TRIP_TOO_LONG', roundTripMilliseconds: 5001, previousOffsetSeconds: 0, offsetSeconds: 0 },
    ]);
  });

  it('honours a smaller maxRoundTripMilliseconds at its boundary', async () => {
    const within = await run(800, { maxRoundTripMilliseconds: 800 });
    expect(within.signer.clockOffsetSeconds).toBe(600);
    const beyond = await run(801, { maxRoundTripMilliseconds: 800 });
    expect(beyond.signer.clockOffsetSeconds).toBe(0);
    expect(beyond.reports).toMatchObject([{ outcome: 'refused', reason: 'ROUND_TRIP_TOO_LONG' }]);
  });

  it('ignores an exchange its clock cannot time (the clock went back between sending and receiving)', async () => {
    const world = new World(-600_000);
    const readings = [START - 600_000, START - 601_000];
    const c = client(world, {}, { now: () => readings.shift() ?? START });
    const response = await c.signedFetch(URL_);
    expect(response.status).toBe(401);
    expect(c.signer.clockOffsetSeconds).toBe(0);
    expect(c.reports).toMatchObject([{ outcome: 'refused', reason: 'ROUND_TRIP_UNMEASURABLE', roundTripMilliseconds: -1000 }]);
  });

  it('a report callback that throws changes nothing', async () => {
    const world = new World(-600_000);
    const c = client(
      world,
      {},
      {
        onClockSample: () => {
          throw new Error('callback failed');
        },
      },
    );
    world.holds.push({ request: 150, response: 150 });
    expect((await c.signedFetch(URL_)).status).toBe(200);
    expect(c.signer.clockOffsetSeconds).toBe(600);
  });
});
