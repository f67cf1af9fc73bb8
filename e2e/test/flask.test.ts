// Cross-language, end to end: the TS client signs, the Flask example (examples/flask, verifying with
// the Python implementation from test-vectors) verifies; and the Python implementation signs, the
// TS verifier (Express adapter) verifies. Accepted and rejected cases in both directions. And issued
// keys (spec §16): Flask issues them to a logged-in user, the TS client's credentials use them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createSignedFetch, createSigner, isSignwireError } from '@signwire/client';
import { credentialsFrom } from '@signwire/client/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonWithFlask, REPO_DIR, type Running, SECRET_B64, startBackend, startProcess, tempDir } from '../helpers/processes.js';

const FLASK_DIR = join(REPO_DIR, 'examples', 'flask');
const MASTER_B64 = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x40 + i)).toString('base64');
const running: Running[] = [];
let flask: Running;
let backend: Running;
let python: string;

beforeAll(async () => {
  python = pythonWithFlask();
  flask = await startProcess(python, [join(FLASK_DIR, 'app.py')], {
    env: { PORT: '0', SIGNWIRE_KEYS: `client-1=${SECRET_B64}`, SIGNWIRE_PUBLIC_ORIGIN: '', SIGNWIRE_MASTER: MASTER_B64 },
    ready: (out) => {
      const match = /listening (\d+)/.exec(out);
      return match ? Number(match[1]) : undefined;
    },
  });
  running.push(flask);
  backend = await startBackend({ adapter: 'express', log: join(tempDir('flask'), 'backend.log') });
  running.push(backend);
});

afterAll(async () => {
  for (const process of running.reverse()) await process.stop();
});

const signer = () => createSigner({ keyId: 'client-1', secret: { base64: SECRET_B64 } });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('TS client → Flask (Python verifier)', () => {
  const base = () => `http://127.0.0.1:${flask.port}`;

  it('accepts a GET with a unicode path and a query', async () => {
    const response = await createSignedFetch(signer())(`${base()}/echo/caf\u00e9/x?q=a%20b&q=2&empty=`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { by: string; args: Record<string, string[]> };
    expect(body.by).toBe('client-1');
    expect(body.args.q).toEqual(['a b', '2']);
  });
  it('accepts canonical JSON (signedFetch.json) and Flask parses the verified bytes', async () => {
    const response = await createSignedFetch(signer()).json(`${base()}/orders`, { sku: 'é-1', qty: 2, nested: { b: 1, a: [true, null] } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { order: unknown }).order).toEqual({ sku: 'é-1', qty: 2, nested: { b: 1, a: [true, null] } });
  });
  it('accepts a form body, parsed by Flask only after verification', async () => {
    const response = await createSignedFetch(signer())(`${base()}/echo/form`, {
      method: 'POST',
      body: new URLSearchParams({ a: '1', b: 'x y' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { form: unknown }).form).toEqual({ a: ['1'], b: ['x y'] });
  });
  it('accepts bytes with PUT', async () => {
    const response = await createSignedFetch(signer())(`${base()}/echo/blob`, { method: 'PUT', body: new Uint8Array([0, 1, 255]) });
    expect(response.status).toBe(200);
  });
  it('rejects an unsigned request: 401 SIGNATURE_MISSING', async () => {
    const response = await fetch(`${base()}/echo/x`);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('SIGNATURE_MISSING');
  });
  it('rejects a replay: 401 NONCE_REPLAYED', async () => {
    const signed = await signer().signRequest({ method: 'GET', url: `${base()}/echo/replay` });
    expect((await fetch(signed.clone())).status).toBe(200);
    const again = await fetch(signed);
    expect(again.status).toBe(401);
    expect(await errorCode(again)).toBe('NONCE_REPLAYED');
  });
  it('rejects a body changed after signing: 401 DIGEST_MISMATCH', async () => {
    const headers = await signer().sign({
      method: 'POST',
      url: `${base()}/orders`,
      headers: { 'content-type': 'application/json' },
      body: '{"qty":1}',
    });
    const response = await fetch(`${base()}/orders`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"qty":9}',
    });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('DIGEST_MISMATCH');
  });
  it('rejects another path than the one signed: 401 SIGNATURE_INVALID', async () => {
    const headers = await signer().sign({ method: 'GET', url: `${base()}/echo/public` });
    const response = await fetch(`${base()}/echo/admin`, { headers });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('SIGNATURE_INVALID');
  });
  it('rejects an unknown key id: 401 KEY_UNKNOWN', async () => {
    const other = createSigner({ keyId: 'client-9', secret: { base64: SECRET_B64 } });
    const response = await createSignedFetch(other)(`${base()}/echo/x`);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('KEY_UNKNOWN');
  });
});

describe('Python implementation → TS verifier (Express adapter)', () => {
  it('accepted and rejected cases', () => {
    const run = spawnSync(
      python,
      [
        join(FLASK_DIR, 'python_client.py'),
        '--connect',
        `127.0.0.1:${backend.port}`,
        '--origin',
        'http://api.test',
        '--key-b64',
        SECRET_B64,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { case: string; status: number; code: string | null });
    expect(results).toEqual([
      { case: 'accepted: GET with unicode path and query', status: 200, code: null },
      { case: 'accepted: POST canonical JSON', status: 200, code: null },
      { case: 'accepted: PUT bytes', status: 200, code: null },
      { case: 'rejected: replay', status: 401, code: 'NONCE_REPLAYED' },
      { case: 'rejected: body changed after signing', status: 401, code: 'DIGEST_MISMATCH' },
      { case: 'rejected: wrong key', status: 401, code: 'SIGNATURE_INVALID' },
      { case: 'rejected: expired', status: 401, code: 'SIGNATURE_EXPIRED' },
    ]);
  });
});

describe('issued keys: Flask issues them, the TS client signs with credentials', () => {
  const base = () => `http://127.0.0.1:${flask.port}`;
  /** Logs in and returns a signed fetch whose credentials come from the key route with that session. */
  const loggedIn = async (user: string) => {
    const login = await fetch(`${base()}/login`, { method: 'POST', body: user });
    expect(login.status).toBe(204);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const answers: Response[] = [];
    const signedFetch = createSignedFetch(
      createSigner({ credentials: credentialsFrom(`${base()}/session/signing-key`, { headers: { cookie } }) }),
      {
        fetch: async (request) => {
          const response = await fetch(request);
          answers.push(response.clone());
          return response;
        },
      },
    );
    return { signedFetch, answers };
  };

  it('the key route needs a session: without one, 401 and no-store, and a credentials signer sends nothing', async () => {
    const route = await fetch(`${base()}/session/signing-key`);
    expect(route.status).toBe(401);
    expect(route.headers.get('cache-control')).toBe('no-store');
    const signedFetch = createSignedFetch(createSigner({ credentials: credentialsFrom(`${base()}/session/signing-key`) }));
    const error = await signedFetch(`${base()}/me`).catch((e: unknown) => e);
    expect(isSignwireError(error) && error.code).toBe('CREDENTIALS_UNAVAILABLE');
  });

  it('a key Python issued verifies in Python as its user', async () => {
    const { signedFetch } = await loggedIn('alice');
    const response = await signedFetch(`${base()}/me`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: 'alice', keyid: expect.stringMatching(/^swk1:m1:alice:\d+:\d+$/) });
  });

  it('after "log out everywhere": the next call is refused KEY_REVOKED once, then no key can be had', async () => {
    const { signedFetch, answers } = await loggedIn('bob');
    expect((await signedFetch(`${base()}/me`)).status).toBe(200);
    expect((await signedFetch(`${base()}/session/revoke`, { method: 'POST' })).status).toBe(204);
    answers.length = 0;
    const error = await signedFetch(`${base()}/me`).catch((e: unknown) => e);
    expect(isSignwireError(error) && error.code).toBe('CREDENTIALS_UNAVAILABLE');
    expect(answers.map((a) => a.status)).toEqual([401]);
    expect(await errorCode(answers[0] as Response)).toBe('KEY_REVOKED');
  });
});
