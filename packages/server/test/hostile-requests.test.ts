// Requests crafted against the verifier and the adapters, one describe block per API and threat.
// The CPU-exhaustion cases are hang guards: inputs on which a quadratic path takes seconds to
// minutes and the linear one milliseconds, with a 2 s bound. They detect a return of the quadratic
// path; performance is measured by `pnpm bench`, not here.
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { signwirePlugin } from '../src/adapters/fastify.js';
import { signwire as honoSignwire, type SignwireVariables } from '../src/adapters/hono.js';
import { createVerifier, type VerificationError, type VerifierOptions } from '../src/index.js';
import { sendRaw } from './adapters/raw-http.js';
import { NOW, ORIGIN, SECRET, sign } from './helpers.js';

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW };
const ZERO_MAC = Buffer.alloc(32).toString('base64');

/** A forged message: any covered list, a well-formed but wrong MAC, a current `created`. */
function forged(components: string, keyid: string, headers: [string, string][] = [], requestTarget = '/v1/orders') {
  return {
    method: 'GET',
    requestTarget,
    body: null,
    headers: [
      ...headers,
      [
        'signature-input',
        `sig1=(${components});created=${NOW};nonce="AAAAAAAAAAAAAAAAAAAAAA";keyid="${keyid}";alg="hmac-sha256";tag="signwire-v1"`,
      ],
      ['signature', `sig1=:${ZERO_MAC}:`],
    ] as [string, string][],
  };
}

const HANG_GUARD_MS = 2_000;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

describe('verifier, CPU exhaustion by a forged covered field: values are trimmed in linear time', () => {
  // The threat: a field value trimmed with /^[ \t]+|[ \t]+$/g backtracks quadratically on a run of
  // inner spaces, and a forged request reaches the trimming before its MAC is compared, so an
  // unauthenticated client could hold the event loop for a fraction of a second per 16 KB header.
  const pad = `a${' '.repeat(256_000)}a`; // that regex needs tens of seconds on this
  const components = '"@method" "@authority" "@path" "@query" "x-pad"';

  it('an unknown keyid with a covered 256 KB padded header is refused promptly', async () => {
    const verifier = createVerifier(base);
    const { ms, result } = await timed(() => verifier.verifyMessage(forged(components, 'nobody', [['x-pad', pad]])).catch((e) => e));
    expect(result).toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('a known (public) keyid with a wrong MAC and the same header is refused promptly', async () => {
    const verifier = createVerifier(base);
    const { ms, result } = await timed(() => verifier.verifyMessage(forged(components, 'client-1', [['x-pad', pad]])).catch((e) => e));
    expect(result).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('verifier, CPU exhaustion by forged rejections: no signature base is built for a failure unless a hook reads it', () => {
  // The threat: a signature base built for every rejection after step 8, debug or not, hook or
  // not, for the onFailure details. With 28 "@query-param" components each re-encoding the whole query, a request
  // with an unknown keyid costs O(28 × query) work that no check needs.
  it('KEY_UNKNOWN with 28 @query-param over a 1 MB query costs no component work', async () => {
    const names = Array.from({ length: 28 }, (_, i) => `"@query-param";name="p${i}"`).join(' ');
    const query = `${Array.from({ length: 28 }, (_, i) => `p${i}=1`).join('&')}&${'%C3%A9=%C3%A9&'.repeat(75_000)}`;
    const verifier = createVerifier(base);
    const message = forged(`"@method" "@authority" "@path" "@query" ${names}`, 'nobody', [], `/v1?${query}`);
    const { ms, result } = await timed(() => verifier.verifyMessage(message).catch((e) => e));
    expect(result).toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('Fastify plugin, unverified preflights: it answers them itself; an OPTIONS request never reaches a route unverified', () => {
  // The threat: a preParsing hook that calls next() unverified for anything that looks like a preflight; the request then
  // goes to whichever route matches, not to the plugin's own OPTIONS '*' route. A route that accepts
  // OPTIONS (app.all(), method: [..., 'OPTIONS'], or an app OPTIONS route) runs unauthenticated.
  it('an unsigned OPTIONS /admin with Access-Control-Request-Method never reaches an app.all() handler', async () => {
    const verifier = createVerifier(base);
    const app = Fastify();
    await app.register(signwirePlugin, { verifier, cors: { origins: ['https://app.example.com'] } });
    let reached = false;
    app.all('/admin', async () => {
      reached = true; // e.g. a side-effecting handler that relies on the plugin's guard
      return { reached: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const response = await sendRaw(port, {
        method: 'OPTIONS',
        target: '/admin',
        authority: 'api.example.com',
        headers: [
          ['Origin', 'https://evil.example'],
          ['Access-Control-Request-Method', 'POST'],
        ],
        body: new Uint8Array(0),
      });
      expect(reached).toBe(false);
      expect(response.text).not.toContain('reached');
    } finally {
      await app.close();
    }
  });
});

describe('Fastify plugin, signResponses.maxBodyBytes: enforced for every payload kind, so an oversized reply is never sent signed', () => {
  it('a 100-byte reply with maxBodyBytes 10 is not sent signed (node/hono fail such a response)', async () => {
    const verifier = createVerifier(base);
    const app = Fastify();
    await app.register(signwirePlugin, { verifier, signResponses: { maxBodyBytes: 10 } });
    app.get('/big', async (_request, reply) => reply.type('text/plain').send('x'.repeat(100)));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const signed = sign({ method: 'GET', url: `${ORIGIN}/big` });
      const response = await sendRaw(port, {
        method: 'GET',
        target: '/big',
        authority: 'api.example.com',
        headers: signed.headers,
        body: new Uint8Array(0),
      });
      expect(response.headers.signature).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('verifier and router, a signed path routed elsewhere: a received target with dot segments is refused before any route runs', () => {
  // The threat: the verifier uses incoming.url while Hono routes on c.req.url = new URL(incoming.url),
  // which removes dot segments. A signature over /public/../admin (by a key holder whose key the
  // application only allows under /public, judged from verified.request.url) runs the /admin handler.
  function rawSigned(target: string): [string, string][] {
    const template = sign({ method: 'GET', url: `${ORIGIN}/x` });
    const params = (template.headers.find(([n]) => n === 'signature-input')?.[1] ?? '').replace(/^sig1=/, '');
    const signatureBase = `"@method": GET\n"@authority": api.example.com\n"@path": ${target}\n"@query": ?\n"@signature-params": ${params}`;
    const mac = createHmac('sha256', Buffer.from(SECRET.base64, 'base64')).update(signatureBase).digest('base64');
    return [
      ['signature-input', `sig1=${params}`],
      ['signature', `sig1=:${mac}:`],
    ];
  }

  it.each(['/public/../admin', '/public/%2e%2e/admin'])('%s does not reach the /admin route', async (target) => {
    const verifier = createVerifier(base);
    const app = new Hono<{ Variables: SignwireVariables }>();
    app.use(honoSignwire(verifier));
    app.get('/admin', (c) => c.json({ route: 'admin', verified: c.get('signwire').request.url }));
    app.get('*', (c) => c.json({ route: 'other' }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const response = await sendRaw(port, {
        method: 'GET',
        target,
        authority: 'api.example.com',
        headers: rawSigned(target),
        body: new Uint8Array(0),
      });
      expect(response.text).not.toContain('"route":"admin"');
    } finally {
      await new Promise((done) => server.close(() => done(undefined)));
    }
  });
});

describe('key resolver misconfiguration: KEY_INVALID tells clients nothing about the key', () => {
  it('KEY_INVALID from a resolver does not reveal the secret length in the error body', async () => {
    const verifier = createVerifier({ ...base, keys: () => ({ hex: 'ab'.repeat(16) }) });
    const error = await verifier.verifyMessage(forged('"@method" "@authority" "@path" "@query"', 'client-1')).catch((e) => e);
    expect(error).toMatchObject({ code: 'KEY_INVALID' });
    expect(JSON.stringify(verifier.errorBody(error))).not.toMatch(/\b16 bytes/);
  });
});

describe("replay store, a window's last second: a replay reaching the store after a later request purged its entry is refused", () => {
  // The threat: a clock read before an awaited key lookup, or a clock stepped back, gives the store an
  // earlier `now` than a call it has already purged for, so a replay in its window's last second
  // would be accepted.
  const toRequest = (parts: ReturnType<typeof sign>): Request =>
    new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
  const original = sign({ body: '{"sku":"A-1"}', nonce: 'n-original-000000000001' });

  it('an async key lookup that spans the end of the window: SIGNATURE_EXPIRED, by the clock after the lookup', async () => {
    let clock = NOW;
    const gates: (() => void)[] = [];
    const verifier = createVerifier({
      ...base,
      // A database lookup that the test answers when it chooses.
      keys: (keyId) => new Promise((resolve) => gates.push(() => resolve(keyId === 'client-1' ? SECRET : undefined))),
      now: () => clock,
    });
    const lookups = async (count: number): Promise<void> => {
      while (gates.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const first = verifier.verify(toRequest(original));
    await lookups(1);
    gates.shift()?.();
    await expect(first).resolves.toMatchObject({ keyId: 'client-1' });
    clock = NOW + 300; // the last second of the window (maxAgeSeconds 300): the replay reads the clock
    const replay = verifier.verify(toRequest(original));
    await lookups(1); // and waits on its key lookup, while a request a second later goes through
    clock = NOW + 301;
    const other = verifier.verify(toRequest(sign({ body: '{}', created: NOW + 301 })));
    await lookups(2);
    gates.splice(1, 1)[0]?.();
    await expect(other).resolves.toMatchObject({ keyId: 'client-1' });
    gates.shift()?.();
    await expect(replay).rejects.toMatchObject({ code: 'SIGNATURE_EXPIRED', status: 401 });
  });

  it('a key whose notAfter passes during its async lookup is judged by the clock after the lookup: KEY_RETIRED', async () => {
    let clock = NOW;
    const verifier = createVerifier({
      ...base,
      keys: () => {
        clock = NOW + 20; // a slow lookup
        return Promise.resolve({ secret: SECRET, notAfter: NOW + 10 });
      },
      now: () => clock,
    });
    await expect(verifier.verify(toRequest(original))).rejects.toMatchObject({ code: 'KEY_RETIRED' });
  });

  it('a store that answers after the window closed (Redis over a slow network): SIGNATURE_EXPIRED', async () => {
    let clock = NOW + 300; // the window's last second
    const slowStore = {
      checkAndRemember: () => {
        clock = NOW + 301; // the answer comes back a second later
        return Promise.resolve(true); // the original's entry had expired in Redis meanwhile
      },
    };
    const verifier = createVerifier({ ...base, now: () => clock, nonceStore: slowStore, signResponses: true });
    const error = await verifier.verify(toRequest(original)).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    // Its MAC verified: answered signed, like every time rejection of an authentic request.
    const response = await verifier.errorResponse(error as VerificationError);
    expect(response.headers.get('signature-input')).toContain('tag="signwire-v1-response"');
  });

  it('that SIGNATURE_EXPIRED is answered signed when responses are signed, as other time rejections of a valid MAC are', async () => {
    let clock = NOW;
    const verifier = createVerifier({
      ...base,
      keys: (keyId) => {
        clock = NOW + 301; // the lookup takes the request past its window
        return Promise.resolve(keyId === 'client-1' ? SECRET : undefined);
      },
      now: () => clock,
      signResponses: true,
    });
    const error = await verifier.verify(toRequest(original)).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    const response = await verifier.errorResponse(error as VerificationError);
    expect(response.headers.get('signature-input')).toContain('tag="signwire-v1-response"');
  });

  it('a clock stepped back a second, with a key ring: NONCE_REPLAYED from the store', async () => {
    let clock = NOW;
    const verifier = createVerifier({ ...base, now: () => clock });
    await expect(verifier.verify(toRequest(original))).resolves.toMatchObject({ keyId: 'client-1' });
    clock = NOW + 301; // another request purges what expired by then
    await expect(verifier.verify(toRequest(sign({ body: '{}', created: NOW + 301 })))).resolves.toMatchObject({ keyId: 'client-1' });
    clock = NOW + 300; // NTP steps the clock back
    await expect(verifier.verify(toRequest(original))).rejects.toMatchObject({ code: 'NONCE_REPLAYED' });
  });
});
