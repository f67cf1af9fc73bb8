// Every measured function. A case is { id, request, setup }, where setup() builds fresh fixtures
// (signed just before measuring, so peers that read the real clock accept them) and returns the
// function to time. All functions return their result so that nothing is optimized away.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import Hawk from '@hapi/hawk';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { httpbis } from 'http-message-signatures';
import { Webhook } from 'standardwebhooks';
import { forgedQueryParamRequest, KEY, KEY_ID, longQueryTarget, NONCE, ORIGIN, REQUESTS } from './fixtures.mjs';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const HOST = new URL(ORIGIN).host;

/** @param {ReturnType<typeof import('./signwire.mjs').loadSignwire> extends Promise<infer T> ? T : never} sw */
export function defineCases(sw) {
  const { core } = sw;
  const nativeSha256 = (bytes) => createHash('sha256').update(bytes).digest();
  const nativeHmac = (bytes) => createHmac('sha256', KEY).update(bytes).digest();

  /** Signs a request with Signwire (fixed nonce) and returns what a verifier receives. */
  const signed = (r, created = nowSeconds()) => {
    const parts = core.signRequest({
      request: { method: r.method, url: r.url, headers: r.headers, body: r.body },
      key: core.importSecret(KEY),
      keyId: KEY_ID,
      created,
      nonce: NONCE,
    });
    return { parts, headers: { ...r.headers, ...parts.headers }, baseBytes: core.utf8(parts.signatureBase) };
  };

  /**
   * The server's verifier with keys from createKeyIssuer (docs/keys.md), as 'signwire verify (server)'
   * but signed with an issued key: the issuer derives it from the master (HKDF-SHA256) and, by default,
   * remembers the keys that verified a request.
   */
  const verifyIssued = (r, options) => {
    const issuer = sw.createKeyIssuer({ masterKeys: { m1: KEY }, currentMaster: 'm1', ttlSeconds: 3600, ...options });
    const { keyId, secret } = issuer.issue('user-8412');
    const request = { method: r.method, url: r.url, headers: r.headers, body: r.body };
    const parts = core.signRequest({ request, key: core.importSecret(secret), keyId, created: nowSeconds(), nonce: NONCE });
    const verifier = sw.createVerifier({ keys: issuer, publicOrigin: ORIGIN, nonceStore: ACCEPT_ALL, log: false });
    const headers = Object.entries({ ...r.headers, ...parts.headers });
    const message = { method: r.method, requestTarget: r.target, headers, body: r.body, scheme: 'https' };
    return () => verifier.verifyMessage(message);
  };

  const signwire = {
    // The client with pure-JS hashes: createSigner({ hashes: nobleHashes }).signSync (fresh nonce, clock).
    // What a browser page without WebCrypto, or any signSync caller, runs; the noble floor's counterpart.
    'signwire sign (client)': (r) => {
      const signer = sw.createSigner({ keyId: KEY_ID, secret: KEY, hashes: core.nobleHashes });
      const request = { method: r.method, url: r.url, headers: r.headers, body: r.body };
      return () => signer.signSync(request);
    },
    // The client's default (signer.sign, signRequest and createSignedFetch): WebCrypto digest and HMAC.
    'signwire sign (client, async)': (r) => {
      const signer = sw.createSigner({ keyId: KEY_ID, secret: KEY });
      const request = { method: r.method, url: r.url, headers: r.headers, body: r.body };
      return () => signer.sign(request);
    },
    // The client on Node with native hashes: createSigner({ hashes: nodeHashes }).signSync. The peers
    // hash with node:crypto too, so this is the like-for-like case for the peer ratios.
    'signwire sign (client, node:crypto)': (r) => {
      const signer = sw.createSigner({ keyId: KEY_ID, secret: KEY, hashes: sw.nodeHashes });
      const request = { method: r.method, url: r.url, headers: r.headers, body: r.body };
      return () => signer.signSync(request);
    },
    'signwire sign (core, node:crypto)': (r) => {
      const key = core.importSecret(KEY);
      const request = { method: r.method, url: r.url, headers: r.headers, body: r.body };
      return () => core.signRequest({ request, key, keyId: KEY_ID, created: nowSeconds(), nonce: NONCE, hashes: sw.nodeHashes });
    },
    // core's synchronous verifier with its default (noble) hashes: the isomorphic path.
    'signwire verify (core, noble)': (r) => verifyCore(r, core.nobleHashes),
    'signwire verify (core, node:crypto)': (r) => verifyCore(r, sw.nodeHashes),
    // The server's verifier as shipped (node:crypto by default), minus the replay store.
    'signwire verify (server)': (r) => {
      const { headers } = signed(r);
      const verifier = sw.createVerifier({ keys: { [KEY_ID]: KEY }, publicOrigin: ORIGIN, nonceStore: ACCEPT_ALL, log: false });
      const message = { method: r.method, requestTarget: r.target, headers: Object.entries(headers), body: r.body, scheme: 'https' };
      return () => verifier.verifyMessage(message);
    },
    // The same with an issued key (the default: keys that verified a request are remembered).
    'signwire verify (server), issued key': (r) => verifyIssued(r, {}),
    // ... with nothing remembered (cacheSize: 0): every request derives its key again.
    'signwire verify (server), issued key, derived per request': (r) => verifyIssued(r, { cacheSize: 0 }),
    // ... with an asynchronous revokedBefore (a session store answering at once): one more await.
    'signwire verify (server), issued key, async revokedBefore': (r) => verifyIssued(r, { revokedBefore: async () => undefined }),
  };
  const verifyCore = (r, hashes) => {
    const { parts, headers } = signed(r);
    const entry = { key: core.importSecret(KEY) };
    // One verifier's memory (prepared HMAC key, checked covered list), as createVerifier keeps one.
    const cache = core.createVerificationCache();
    const input = {
      request: { method: r.method, url: parts.url, headers, body: r.body },
      now: nowSeconds(),
      lookupKey: () => entry,
      hashes,
      cache,
    };
    return () => core.verifyRequestSignature(input);
  };

  const floors = {
    // What any signer of this profile must hash: SHA-256 of the body + HMAC over the signature base.
    'floor: noble digest + HMAC': (r) => {
      const { baseBytes } = signed(r);
      return () => [r.body === undefined ? undefined : nobleSha256(r.body), nobleHmac(nobleSha256, KEY, baseBytes)];
    },
    'floor: node:crypto digest + HMAC': (r) => {
      const { baseBytes } = signed(r);
      return () => [r.body === undefined ? undefined : nativeSha256(r.body), nativeHmac(baseBytes)];
    },
    'floor: noble HMAC of the base': (r) => {
      const { baseBytes } = signed(r);
      return () => nobleHmac(nobleSha256, KEY, baseBytes);
    },
    'floor: node:crypto HMAC of the base': (r) => {
      const { baseBytes } = signed(r);
      return () => nativeHmac(baseBytes);
    },
    'floor: noble SHA-256 of the body': (r) => (r.body === undefined ? undefined : () => nobleSha256(r.body)),
    'floor: node:crypto SHA-256 of the body': (r) => (r.body === undefined ? undefined : () => nativeSha256(r.body)),
  };

  // A typical hand-rolled scheme: hex HMAC over "timestamp.method.target.body", ±5 min window.
  const handRolled = (r, ts) =>
    createHmac('sha256', KEY)
      .update(`${ts}.${r.method}.${r.target}.`)
      .update(r.body ?? '')
      .digest('hex');
  const hmsFields = (r) => ['@method', '@authority', '@path', '@query', ...(r.body ? ['content-type', 'content-digest'] : [])];
  const hmsKey = { id: KEY_ID, alg: 'hmac-sha256', sign: async (data) => nativeHmac(data) };
  const hmsSign = (r) => {
    const headers = { host: HOST, ...r.headers };
    if (r.body) headers['content-digest'] = `sha-256=:${nativeSha256(r.body).toString('base64')}:`;
    return httpbis.signMessage(
      {
        key: hmsKey,
        name: 'sig1',
        fields: hmsFields(r),
        params: ['created', 'nonce', 'keyid', 'alg', 'tag'],
        paramValues: { created: new Date(), nonce: NONCE, tag: 'signwire-v1' },
      },
      { method: r.method, url: r.url, headers },
    );
  };
  const smithy = new SignatureV4({
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    region: 'eu-west-1',
    service: 'execute-api',
    sha256: Hash.bind(null, 'sha256'),
  });
  const webhook = new Webhook(Buffer.from(KEY).toString('base64'));
  const hawkCredentials = { id: KEY_ID, key: Buffer.from(KEY).toString('base64'), algorithm: 'sha256' };

  const peers = {
    'hand-rolled createHmac sign': (r) => () => {
      const ts = nowSeconds();
      return { 'x-timestamp': String(ts), 'x-signature': handRolled(r, ts) };
    },
    'hand-rolled createHmac verify': (r) => {
      const ts = String(nowSeconds());
      const headers = { 'x-timestamp': ts, 'x-signature': handRolled(r, ts) };
      return () => {
        const sent = Number(headers['x-timestamp']);
        if (!Number.isInteger(sent) || Math.abs(nowSeconds() - sent) > 300) throw new Error('stale');
        const expected = Buffer.from(handRolled(r, sent), 'hex');
        const given = Buffer.from(headers['x-signature'], 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
        return true;
      };
    },
    // The same check, then JSON.parse of the body as the server's verifier does (like with like:
    // verify (server) hands the application the parsed JSON).
    'hand-rolled createHmac verify + JSON.parse': (r) => {
      if (r.contentType !== 'application/json') return undefined;
      const ts = String(nowSeconds());
      const headers = { 'x-timestamp': ts, 'x-signature': handRolled(r, ts) };
      const decoder = new TextDecoder('utf-8', { fatal: true });
      return () => {
        const sent = Number(headers['x-timestamp']);
        if (!Number.isInteger(sent) || Math.abs(nowSeconds() - sent) > 300) throw new Error('stale');
        const expected = Buffer.from(handRolled(r, sent), 'hex');
        const given = Buffer.from(headers['x-signature'], 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
        return JSON.parse(decoder.decode(r.body));
      };
    },
    'http-message-signatures sign': (r) => () => hmsSign(r),
    'http-message-signatures verify': async (r) => {
      const message = await hmsSign(r);
      const keyLookup = async () => ({
        id: KEY_ID,
        algs: ['hmac-sha256'],
        verify: async (data, signature) => timingSafeEqual(nativeHmac(data), signature),
      });
      const config = { keyLookup, maxAge: 300, tolerance: 60, requiredFields: hmsFields(r) };
      return async () => {
        if (r.body) {
          const digest = /^sha-256=:([^:]*):$/.exec(message.headers['content-digest'])?.[1] ?? '';
          if (!timingSafeEqual(Buffer.from(digest, 'base64'), nativeSha256(r.body))) throw new Error('digest mismatch');
        }
        if ((await httpbis.verifyMessage(config, message)) !== true) throw new Error('bad signature');
        return true;
      };
    },
    '@smithy/signature-v4 sign': (r) => () =>
      smithy.sign({
        method: r.method,
        protocol: 'https:',
        hostname: HOST,
        path: r.path,
        query: Object.fromEntries(new URLSearchParams(r.query)),
        headers: { host: HOST, ...r.headers },
        body: r.body,
      }),
    'standardwebhooks sign': (r) => (r.body === undefined ? undefined : () => webhook.sign('msg_1', new Date(), Buffer.from(r.body))),
    'standardwebhooks verify': (r) => {
      if (r.body === undefined) return undefined;
      const payload = Buffer.from(r.body);
      const timestamp = new Date();
      const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(timestamp / 1000)) };
      headers['webhook-signature'] = webhook.sign('msg_1', timestamp, payload);
      return () => webhook.verify(payload, headers, { jsonParse: false });
    },
    '@hapi/hawk sign': (r) => () =>
      Hawk.client.header(r.url, r.method, {
        credentials: hawkCredentials,
        payload: r.body && Buffer.from(r.body),
        contentType: r.contentType,
      }).header,
    '@hapi/hawk verify': (r) => {
      const payload = r.body && Buffer.from(r.body);
      const { header } = Hawk.client.header(r.url, r.method, { credentials: hawkCredentials, payload, contentType: r.contentType });
      const req = { method: r.method, url: r.target, headers: { host: HOST, authorization: header, ...r.headers } };
      const options = { host: new URL(ORIGIN).hostname, port: 443, payload };
      return () => Hawk.server.authenticate(req, () => hawkCredentials, options);
    },
  };

  // Long-query requests (fixtures.mjs) through the server's verifier as shipped: signed, and forged
  // (what an unauthenticated client can make it spend). They ignore the fixture request, so they are
  // not in the time table; each call resolves only with the expected outcome.
  const verifierCase = (message, expected) => () => {
    const verifier = sw.createVerifier({ keys: { [KEY_ID]: KEY }, publicOrigin: ORIGIN, nonceStore: ACCEPT_ALL, log: false });
    return () =>
      verifier.verifyMessage(message).then(
        (verified) => (expected === 'verified' ? verified : Promise.reject(new Error(`accepted, expected ${expected}`))),
        (error) => (error.code === expected ? error.code : Promise.reject(error)),
      );
  };
  const signedLongQuery = (queryBytes) => () => {
    const { target, components } = longQueryTarget(queryBytes);
    const request = { method: 'GET', url: `${ORIGIN}${target}` };
    const { headers } = core.signRequest({
      request,
      key: core.importSecret(KEY),
      keyId: KEY_ID,
      created: nowSeconds(),
      nonce: NONCE,
      components,
    });
    return verifierCase(
      { method: 'GET', requestTarget: target, headers: Object.entries(headers), body: null, scheme: 'https' },
      'verified',
    )();
  };
  const forgedLongQuery =
    (queryBytes, keyId, code, queryParams = true) =>
    () => {
      const { method, target, headers } = forgedQueryParamRequest(queryBytes, { keyId, created: nowSeconds(), queryParams });
      return verifierCase({ method, requestTarget: target, headers, body: null, scheme: 'https' }, code)();
    };
  const longQuery = {
    'signwire verify (server), 28 @query-param, 14 KB query: signed': signedLongQuery(14_000),
    'signwire verify (server), 28 @query-param, 14 KB query: forged, known keyid': forgedLongQuery(14_000, KEY_ID, 'SIGNATURE_INVALID'),
    'signwire verify (server), 28 @query-param, 14 KB query: forged, unknown keyid': forgedLongQuery(14_000, 'nobody', 'KEY_UNKNOWN'),
    'signwire verify (server), 28 @query-param, 64 KB query: forged, known keyid': forgedLongQuery(64_000, KEY_ID, 'SIGNATURE_INVALID'),
    // The same forged request covering only the 4 required components: what its size alone costs.
    'signwire verify (server), no @query-param, 14 KB query: forged, known keyid': forgedLongQuery(
      14_000,
      KEY_ID,
      'SIGNATURE_INVALID',
      false,
    ),
  };

  return { signwire, floors, peers, longQuery, requests: REQUESTS, nativeSha256 };
}

/**
 * Sets up the case named `name` on `request`.
 *
 * @param {ReturnType<typeof defineCases>} cases - what {@link defineCases} returned.
 * @param {string} name - a case of its signwire, floors, peers or longQuery group.
 * @param {object} request - one of the fixture requests.
 * @returns {Promise<(() => unknown) | undefined>} the case's function (undefined where it does not apply).
 */
export async function setupCase(cases, name, request) {
  for (const group of [cases.signwire, cases.floors, cases.peers, cases.longQuery]) if (name in group) return group[name](request);
  throw new Error(`no bench case named ${name}`);
}

const ACCEPT_ALL = { checkAndRemember: () => Promise.resolve(true) };
