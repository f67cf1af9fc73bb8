// Cross-language, end to end: the TS client signs, the Flask example (examples/flask, verifying with
// the Python implementation from test-vectors) verifies; and the Python implementation signs, the
// TS verifier (Express adapter) verifies. Accepted and rejected cases in both directions.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createSignedFetch, createSigner } from '@signwire/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonWithFlask, REPO_DIR, type Running, SECRET_B64, startBackend, startProcess, tempDir } from '../helpers/processes.js';

const FLASK_DIR = join(REPO_DIR, 'examples', 'flask');
const running: Running[] = [];
let flask: Running;
let backend: Running;
let python: string;

beforeAll(async () => {
  python = pythonWithFlask();
  flask = await startProcess(python, [join(FLASK_DIR, 'app.py')], {
    env: { PORT: '0', SIGNWIRE_KEYS: `client-1=${SECRET_B64}`, SIGNWIRE_PUBLIC_ORIGIN: '' },
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
