// The test code every runtime runs, unchanged: the language-neutral signing vectors and a
// sign → verify round trip through the public packages. It touches no filesystem and no `node:`
// module: the packages and the parsed vector files are passed in, so the same file runs in Node,
// Bun, Deno, workerd and Chromium (bundled by esbuild for the non-Node runtimes, see bundle.mjs).
import { runVectorFile } from '../../packages/core/bin/vector-runner.mjs';

const SECRET_B64 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const ORIGIN = 'https://api.example.com';

/**
 * Runs the vectors and the round trips.
 * @param {{ core: object, client?: object, server?: object, serverFetch?: object, vectorFiles: Record<string, object> }} input
 *   `client` / `server` / `serverFetch` (`@signwire/server/fetch`) are the package namespaces when
 *   this runtime loads them, else undefined.
 * @returns {Promise<{ passed: number, failed: number, failures: { id: string, diffs: string[] }[], packages: string[] }>}
 */
export async function runSuite({ core, client, server, serverFetch, vectorFiles }) {
  const results = [];
  for (const name of Object.keys(vectorFiles).sort()) {
    for (const r of runVectorFile(core, vectorFiles[name])) results.push({ id: `vector ${r.id}`, ok: r.ok, diffs: r.diffs });
  }
  for (const [id, test] of roundTrips({ core, client, server, serverFetch })) {
    try {
      await test();
      results.push({ id: `round-trip ${id}`, ok: true, diffs: [] });
    } catch (error) {
      results.push({ id: `round-trip ${id}`, ok: false, diffs: [describe(error)] });
    }
  }
  const failures = results.filter((r) => !r.ok).map(({ id, diffs }) => ({ id, diffs }));
  const packages = ['core', ...(client ? ['client'] : []), ...(server ? ['server'] : [])];
  return { passed: results.length - failures.length, failed: failures.length, failures, packages };
}

function describe(error) {
  if (error && typeof error === 'object' && 'code' in error) return `${error.name} ${error.code}: ${error.message}`;
  return String(error?.stack ?? error);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Expects `action` to fail with a SignwireError; returns its code. */
async function rejects(action, what) {
  try {
    await action();
  } catch (error) {
    assert(typeof error?.code === 'string', `${what}: failed without a SignwireError code: ${describe(error)}`);
    return error.code;
  }
  throw new Error(`${what}: was accepted`);
}

/** The round-trip tests as [id, async fn] pairs; client/server tests only when those packages are given. */
function roundTrips({ core, client, server, serverFetch }) {
  const key = core.importSecret({ base64: SECRET_B64 });
  const now = () => Math.floor(Date.now() / 1000);
  const coreVerify = (request) =>
    core.verifyRequestSignature({
      request,
      now: now(),
      lookupKey: (keyId) => (keyId === 'client-1' ? { key } : undefined),
      isNonceSeen: () => false,
    });
  const signCore = (body) =>
    core.signRequest({
      request: { method: 'POST', url: `${ORIGIN}/v1/orders?x=1`, headers: { 'content-type': 'application/json' }, body },
      key,
      keyId: 'client-1',
      created: now(),
      nonce: core.createNonce(),
    });
  const asReceived = (signed, body = signed.body) => ({
    method: 'POST',
    url: signed.url,
    headers: { 'content-type': 'application/json', ...signed.headers },
    body,
  });
  const tests = [
    [
      'core: createNonce gives distinct 128-bit base64url nonces (crypto.getRandomValues)',
      () => {
        const a = core.createNonce();
        const b = core.createNonce();
        assert(/^[A-Za-z0-9_-]{22,}$/.test(a) && a !== b, `nonces ${a} ${b}`);
      },
    ],
    [
      'core: signRequest → verifyRequestSignature accepts',
      () => {
        const signed = signCore(core.canonicalJson({ qty: 2, item: 'book' }));
        const verified = coreVerify(asReceived(signed));
        assert(verified.keyId === 'client-1', `keyId ${verified.keyId}`);
      },
    ],
    [
      'core: a changed body is refused',
      async () => {
        const signed = signCore(core.canonicalJson({ qty: 2, item: 'book' }));
        await rejects(() => coreVerify(asReceived(signed, core.utf8('{"item":"book","qty":3}'))), 'tampered body');
      },
    ],
  ];
  if (client) tests.push(...clientTrips({ client, coreVerify }));
  if (client && server) tests.push(...serverTrips({ client, server }));
  if (client && server && serverFetch) tests.push(...fetchHandlerTrips({ client, server, serverFetch }));
  return tests;
}

/** Signs with @signwire/client, verifies with core (works in every runtime). */
function clientTrips({ client, coreVerify }) {
  const signer = client.createSigner({ keyId: 'client-1', secret: { base64: SECRET_B64 } });
  const receive = async (request) => ({
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.body === null ? undefined : new Uint8Array(await request.arrayBuffer()),
  });
  return [
    [
      'client: signer.signRequest(Request) → core verifies',
      async () => {
        const signed = await signer.signRequest(
          new Request(`${ORIGIN}/v1/orders?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }),
        );
        assert(signed.headers.has('signature') && signed.headers.has('content-digest'), 'signature headers missing');
        coreVerify(await receive(signed));
      },
    ],
    [
      'client: signer.sign(plain GET) → core verifies; another path is refused',
      async () => {
        const url = `${ORIGIN}/v1/orders?status=open`;
        const headers = await signer.sign({ method: 'GET', url, headers: {} });
        coreVerify({ method: 'GET', url, headers: { ...headers } });
        await rejects(() => coreVerify({ method: 'GET', url: `${ORIGIN}/v1/admin?status=open`, headers: { ...headers } }), 'other path');
      },
    ],
    [
      'client: signSync with nobleHashes gives the same signature as WebCrypto',
      async () => {
        const options = {
          keyId: 'client-1',
          secret: { base64: SECRET_B64 },
          now: () => 1_700_000_000_000,
          nonce: () => 'AAAAAAAAAAAAAAAAAAAAAA',
        };
        const request = { method: 'PUT', url: `${ORIGIN}/v1/notes/1`, headers: { 'content-type': 'text/plain' }, body: 'hello' };
        const viaWebCrypto = await client.createSigner(options).sign(request);
        const viaNoble = client.createSigner({ ...options, hashes: client.nobleHashes }).signSync(request);
        assert(viaNoble.signature === viaWebCrypto.signature, 'signatures differ');
      },
    ],
    [
      'client: createSignedFetch().json sends what it signed',
      async () => {
        let sent;
        const signedFetch = client.createSignedFetch(signer, {
          fetch: async (request) => {
            sent = await receive(request);
            return new Response('ok');
          },
        });
        await signedFetch.json(`${ORIGIN}/v1/orders`, { qty: 2, item: 'book' });
        assert(new TextDecoder().decode(sent.body) === '{"item":"book","qty":2}', 'body is not canonical JSON');
        coreVerify(sent);
      },
    ],
  ];
}

/** Signs with @signwire/client, verifies with @signwire/server's createVerifier (runtimes with node: built-ins). */
function serverTrips({ client, server }) {
  const signer = client.createSigner({ keyId: 'client-1', secret: { base64: SECRET_B64 } });
  const verifier = server.createVerifier({ keys: { 'client-1': { base64: SECRET_B64 } }, publicOrigin: ORIGIN });
  const post = (body) => new Request(`${ORIGIN}/v1/orders?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return [
    [
      'server: createVerifier accepts a client-signed POST',
      async () => {
        const verified = await verifier.verify(await signer.signRequest(post('{"a":1}')));
        assert(verified.keyId === 'client-1', `keyId ${verified.keyId}`);
      },
    ],
    [
      'server: createVerifier refuses a replay and a changed body',
      async () => {
        const signed = await signer.signRequest(post('{"a":1}'));
        await verifier.verify(signed.clone());
        await rejects(() => verifier.verify(signed), 'replay');
        const other = await signer.signRequest(post('{"a":1}'));
        const tampered = new Request(other.url, { method: 'POST', headers: other.headers, body: '{"a":2}' });
        await rejects(() => verifier.verify(tampered), 'tampered body');
      },
    ],
  ];
}

/**
 * `withSignwire` from `@signwire/server/fetch`, called with this runtime's own Request and Response
 * classes and, where the runtime has one (Bun.serve, Deno.serve), behind its own HTTP server on
 * 127.0.0.1; workerd runs it inside the worker's fetch handler.
 */
function fetchHandlerTrips({ client, server, serverFetch }) {
  const signer = client.createSigner({ keyId: 'client-1', secret: { base64: SECRET_B64 } });
  const verifier = server.createVerifier({ keys: { 'client-1': { base64: SECRET_B64 } }, publicOrigin: ORIGIN });
  const handler = serverFetch.withSignwire(verifier, async (request, ...rest) =>
    Response.json({ keyId: request.signwire.keyId, body: await request.json(), rest: rest.length }),
  );
  const post = (url, body, headers = {}) =>
    new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  /** Signed for the public origin, then sent to `base` (the verifier joins publicOrigin and the raw target). */
  const signedTo = async (base, body) => {
    const signed = await signer.signRequest(post(`${ORIGIN}/v1/orders?x=1`, body));
    return post(`${base}/v1/orders?x=1`, body, Object.fromEntries(signed.headers));
  };
  const expectVerified = async (response) => {
    const text = await response.text();
    assert(response.status === 200, `status ${response.status}: ${text}`);
    const answer = JSON.parse(text);
    assert(answer.keyId === 'client-1' && answer.body.qty === 2, `answer ${text}`);
  };
  const expectRejected = async (response, code) => {
    const text = await response.text();
    assert(response.status === 401 && JSON.parse(text).error.code === code, `expected 401 ${code}, got ${response.status}: ${text}`);
  };
  const trips = [
    [
      'server/fetch: withSignwire hands the handler the verified JSON; an unsigned request is 401 SIGNATURE_MISSING',
      async () => {
        await expectVerified(await handler(await signedTo(ORIGIN, '{"qty":2}')));
        await expectRejected(await handler(post(`${ORIGIN}/v1/orders?x=1`, '{"qty":2}')), 'SIGNATURE_MISSING');
      },
    ],
  ];
  const serve = runtimeServer();
  if (serve !== undefined) {
    trips.push([
      `server/fetch: withSignwire behind ${serve.name} on 127.0.0.1`,
      async () => {
        const running = await serve.start(handler);
        try {
          await expectVerified(await fetch(await signedTo(running.base, '{"qty":2}')));
          await expectRejected(await fetch(post(`${running.base}/v1/orders?x=1`, '{"qty":2}')), 'SIGNATURE_MISSING');
        } finally {
          await running.stop();
        }
      },
    ]);
  }
  return trips;
}

/** The runtime's own Fetch server (Bun.serve, Deno.serve), or undefined where there is none (Node, workerd). */
function runtimeServer() {
  const { Bun, Deno } = globalThis;
  if (Bun?.serve) {
    return {
      name: 'Bun.serve',
      start: async (handle) => {
        const running = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handle });
        return { base: `http://127.0.0.1:${running.port}`, stop: async () => running.stop(true) };
      },
    };
  }
  if (Deno?.serve) {
    return {
      name: 'Deno.serve',
      start: async (handle) => {
        const running = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => undefined }, handle);
        return { base: `http://127.0.0.1:${running.addr.port}`, stop: () => running.shutdown() };
      },
    };
  }
  return undefined;
}
