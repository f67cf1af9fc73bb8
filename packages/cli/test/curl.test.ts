// `signwire curl` as a real process against a real verifying server (node:http + @signwire/server).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ENV, KEY_ID, runCli, SECRET } from './helpers/cli.js';
import { startTestApi, type TestApi } from './helpers/server.js';

const WRONG_SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh4=';
const dir = mkdtempSync(join(tmpdir(), 'signwire-cli-curl-'));

let api: TestApi;
let signing: TestApi;
beforeAll(async () => {
  [api, signing] = await Promise.all([startTestApi(), startTestApi({ signResponses: true })]);
});
afterAll(async () => {
  await Promise.all([api?.close(), signing?.close()]);
});

const last = (server: TestApi) => server.verified.at(-1);

describe('signwire curl: signs, sends, prints the response', () => {
  it('GET: the server verifies it, the body goes to stdout, exit 0', async () => {
    const result = await runCli(['curl', `${api.origin}/v1/items?status=open`], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toEqual({ keyId: KEY_ID, method: 'GET', path: '/v1/items?status=open', body: '' });
    expect(last(api)?.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"']);
  });

  it('--json sends RFC 8785 JSON with Content-Type and Accept application/json, as POST', async () => {
    const result = await runCli(['curl', '--json', '{ "b": 1, "a": [1.0, "é"] }', `${api.origin}/v1/orders`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'POST', body: '{"a":[1,"é"],"b":1}' });
    expect(last(api)?.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"']);
    expect(last(api)?.json).toEqual({ a: [1, 'é'], b: 1 });
  });

  it('-d: form data by default, several joined with &, @FILE without its line breaks; -X sets the method', async () => {
    writeFileSync(join(dir, 'form.txt'), 'c=3\r\nd=4\n');
    const result = await runCli(['curl', '-X', 'PUT', '-d', 'a=1', '-d', 'b=2', '-d', `@${join(dir, 'form.txt')}`, `${api.origin}/form`], {
      env: KEY_ENV,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'PUT', body: 'a=1&b=2&c=3d=4' });
    expect(last(api)?.covered).toContain('"content-type"');
  });

  it('--data-binary @FILE sends the file byte for byte, and -H sets the Content-Type', async () => {
    const bytes = Uint8Array.from([0x00, 0x0a, 0xff, 0x0d, 0x0a, 0x7f]);
    writeFileSync(join(dir, 'blob.bin'), bytes);
    const result = await runCli(
      ['curl', '-H', 'content-type: application/octet-stream', '--data-binary', `@${join(dir, 'blob.bin')}`, `${api.origin}/blob`],
      { env: KEY_ENV },
    );
    expect(result.code).toBe(0);
    expect([...(last(api)?.body ?? [])]).toEqual([...bytes]);
  });

  it('--data-binary @- reads standard input', async () => {
    const result = await runCli(['curl', '--data-binary', '@-', `${api.origin}/stdin`], { env: KEY_ENV, input: 'line one\nline two\n' });
    expect(result.code).toBe(0);
    expect(new TextDecoder().decode(last(api)?.body)).toBe('line one\nline two\n');
  });

  it('--component covers another header, which the server then requires to be intact', async () => {
    const result = await runCli(['curl', '-H', 'X-Request-Id: r-42', '--component', 'x-request-id', `${api.origin}/c`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    expect(last(api)?.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"', '"x-request-id"']);
  });

  it('-i prints the status line and headers before the body', async () => {
    const result = await runCli(['curl', '-i', `${api.origin}/i`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.stdout).toContain('\r\nx-test: yes\r\n');
    expect(result.stdout.split('\r\n\r\n')[1]).toContain('"keyId":"cli-test"');
  });

  it('-v prints the signed request and the signature base the server computed, on stderr', async () => {
    const result = await runCli(['curl', '-v', '--json', '{"q":1}', `${api.origin}/v1/x?y=1`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^> POST \/v1\/x\?y=1 HTTP\/1\.1$/m);
    expect(result.stderr).toMatch(/^> signature-input: sig1=\("@method"/m);
    expect(result.stderr).toContain('* covered: "@method" "@authority" "@path" "@query" "content-type" "content-digest"');
    const printed = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('*   '))
      .map((line) => line.slice(4))
      .join('\n');
    expect(printed).toBe(last(api)?.signatureBase);
    expect(result.stderr).toMatch(/^< HTTP\/1\.1 200 OK$/m);
    expect(result.stdout).not.toContain('signature base');
  });
});

describe('signwire curl: rejections and failures', () => {
  it('a rejected request exits 1 and prints the server’s Signwire code on one line', async () => {
    const result = await runCli(['curl', `${api.origin}/v1/items`], { env: { ...KEY_ENV, SIGNWIRE_SECRET: WRONG_SECRET } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('signwire: 401 SIGNATURE_INVALID: the signature does not match\n');
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'SIGNATURE_INVALID', message: 'the signature does not match' } });
  });

  it('another status that is not 2xx exits 1 with the status', async () => {
    const result = await runCli(['curl', `${api.origin}/status/404`], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([1, 'signwire: HTTP 404 Not Found\n']);
  });

  it('a rejection line carries no control characters from the server', async () => {
    const hostile = createServer((_req, res) => {
      const error = { code: 'X\u001b[2J', message: 'evil\u001b]0;title\u0007 text\r\nsecond line' };
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runCli(['curl', `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`], { env: KEY_ENV });
      expect([result.code, result.stderr]).toEqual([1, 'signwire: 401 X[2J: evil]0;title textsecond line\n']);
    } finally {
      hostile.close();
    }
  });

  it('no server: exit 3', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCli(['curl', `http://127.0.0.1:${port}/`], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([3, 'signwire: no response: ECONNREFUSED\n']);
  });

  it('a request the signer refuses is not sent: exit 2 with its code', async () => {
    const before = api.verified.length;
    const covered = await runCli(['curl', '--component', 'host', `${api.origin}/`], { env: KEY_ENV });
    expect(covered.code).toBe(2);
    expect(covered.stderr).toContain('HEADER_FORBIDDEN');
    const preset = await runCli(['curl', '-H', 'Signature: sig1=:AAAA:', `${api.origin}/`], { env: KEY_ENV });
    expect(preset.code).toBe(2);
    expect(preset.stderr).toContain('HEADER_FORBIDDEN');
    const getWithBody = await runCli(['curl', '-X', 'GET', '-d', 'x', `${api.origin}/`], { env: KEY_ENV });
    expect(getWithBody.code).toBe(2);
    expect(getWithBody.stderr).toMatch(/^signwire: cannot send this request: .*GET/);
    expect(api.verified.length).toBe(before);
  });
});

describe('signwire curl --verify-responses', () => {
  it('accepts a response signed for this request', async () => {
    const result = await runCli(['curl', '--verify-responses', `${signing.origin}/v1/items`], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toMatchObject({ keyId: KEY_ID });
  });

  it('refuses an unsigned response: exit 4, and says what the unverified answer claimed', async () => {
    const ok = await runCli(['curl', '--verify-responses', `${api.origin}/v1/items`], { env: KEY_ENV });
    expect(ok.code).toBe(4);
    expect(ok.stderr).toMatch(/^signwire: the response is not validly signed for this request: SIGNATURE_MISSING: /);
    expect(ok.stdout).toBe('');
    const rejected = await runCli(['curl', '--verify-responses', `${api.origin}/v1/items`], {
      env: { ...KEY_ENV, SIGNWIRE_SECRET: WRONG_SECRET },
    });
    expect(rejected.code).toBe(4);
    expect(rejected.stderr).toContain('signwire: unverified answer: 401 SIGNATURE_INVALID: the signature does not match');
  });

  it('corrects the clock from a signed SIGNATURE_FROM_FUTURE and retries once (shown by -v)', async () => {
    const behind = await startTestApi({ signResponses: true, now: () => Math.floor(Date.now() / 1000) - 600 });
    try {
      const result = await runCli(['curl', '-v', '--verify-responses', `${behind.origin}/v1/items`], { env: KEY_ENV });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /\* signed SIGNATURE_FROM_FUTURE from the server \(its time \d+\): clock offset set to -60\d s; retrying once/,
      );
      expect(result.stderr.match(/^> GET \/v1\/items HTTP\/1\.1$/gm)).toHaveLength(2);
      expect(behind.verified).toHaveLength(1);
    } finally {
      await behind.close();
    }
  });
});

describe('signwire curl: keys', () => {
  const url = () => `${api.origin}/k`;

  it('reads the secret from --secret-file, --secret-env, or --insecure-secret (with a warning)', async () => {
    writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`, { mode: 0o600 });
    const file = await runCli(['curl', '--key-id', KEY_ID, '--secret-file', join(dir, 'secret.txt'), url()]);
    expect([file.code, file.stderr]).toEqual([0, '']);
    const env = await runCli(['curl', '--key-id', KEY_ID, '--secret-env', 'MY_KEY', url()], { env: { MY_KEY: SECRET } });
    expect([env.code, env.stderr]).toEqual([0, '']);
    const inline = await runCli(['curl', '--key-id', KEY_ID, '--insecure-secret', SECRET, url()]);
    expect(inline.code).toBe(0);
    expect(inline.stderr).toMatch(
      /^signwire: warning: --insecure-secret puts the secret on the command line, where other users can read it/,
    );
  });

  it('--secret-encoding hex', async () => {
    const hex = Buffer.from(SECRET, 'base64').toString('hex');
    const result = await runCli(['curl', '--secret-env', 'HEX', '--secret-encoding', 'hex', url()], {
      env: { SIGNWIRE_KEY_ID: KEY_ID, HEX: hex },
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('a flag wins over the environment', async () => {
    writeFileSync(join(dir, 'right.txt'), SECRET);
    const result = await runCli(['curl', '--secret-file', join(dir, 'right.txt'), url()], {
      env: { ...KEY_ENV, SIGNWIRE_SECRET: WRONG_SECRET },
    });
    expect(result.code).toBe(0);
  });

  const usage: [string, string[], Record<string, string>, RegExp][] = [
    ['no key id', [], { SIGNWIRE_SECRET: SECRET }, /^signwire: no key id: pass --key-id ID or set SIGNWIRE_KEY_ID\n/],
    [
      'no secret',
      [],
      { SIGNWIRE_KEY_ID: KEY_ID },
      /^signwire: no secret: set SIGNWIRE_SECRET \(base64\), or pass --secret-file PATH or --secret-env NAME\n/,
    ],
    ['an empty SIGNWIRE_SECRET', [], { SIGNWIRE_KEY_ID: KEY_ID, SIGNWIRE_SECRET: '' }, /^signwire: no secret: /],
    [
      'an unset --secret-env',
      ['--secret-env', 'NOPE'],
      KEY_ENV,
      /^signwire: the environment variable NOPE \(--secret-env\) is not set or empty\n/,
    ],
    [
      'a missing --secret-file',
      ['--secret-file', '/nonexistent/secret'],
      KEY_ENV,
      /^signwire: cannot read --secret-file \/nonexistent\/secret: ENOENT\n/,
    ],
    [
      'two secret sources',
      ['--secret-env', 'A', '--insecure-secret', SECRET],
      KEY_ENV,
      /^signwire: give the secret once: --secret-env and --insecure-secret/,
    ],
    [
      'a short secret',
      [],
      { SIGNWIRE_KEY_ID: KEY_ID, SIGNWIRE_SECRET: 'c2hvcnQ=' },
      /^signwire: the secret from SIGNWIRE_SECRET: the secret is 5 bytes; .*\(KEY_INVALID\)\n/,
    ],
    ['a secret that is not base64', [], { SIGNWIRE_KEY_ID: KEY_ID, SIGNWIRE_SECRET: 'not base64!' }, /\(KEY_INVALID\)\n/],
    ['an unknown encoding', ['--secret-encoding', 'utf8'], KEY_ENV, /^signwire: --secret-encoding must be one of base64, base64url, hex\n/],
    ['an invalid key id', ['--key-id', 'a b'], KEY_ENV, /^signwire: --key-id is not a valid key id: 1–128 characters/],
    [
      '--secret',
      ['--secret', SECRET],
      KEY_ENV,
      /^signwire: unknown option --secret: a secret on the command line is visible to other users; set SIGNWIRE_SECRET/,
    ],
  ];
  for (const [name, flags, env, message] of usage) {
    it(`${name}: exit 2 with a one-line reason, nothing sent, no secret printed`, async () => {
      const before = api.verified.length;
      const result = await runCli(['curl', ...flags, url()], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/\(signwire curl --help lists the flags\)\n$/);
      expect(result.stderr + result.stdout).not.toContain(SECRET);
      expect(api.verified.length).toBe(before);
    });
  }
});

describe('signwire curl: bad flags', () => {
  const cases: [string, string[], RegExp][] = [
    ['no URL', ['curl'], /^signwire: no URL given\n/],
    ['two URLs', ['curl', 'http://a/', 'http://b/'], /^signwire: one URL expected, got 2 arguments\n/],
    ['a relative URL', ['curl', '/v1/items'], /^signwire: the URL must be absolute, starting with http:\/\/ or https:\/\/\n/],
    ['another scheme', ['curl', 'ftp://example.com/'], /^signwire: the URL must start with http:\/\/ or https:\/\/\n/],
    ['an unknown flag', ['curl', '--insecure', 'http://a/'], /^signwire: unknown option --insecure\n/],
    ['a missing value', ['curl', 'http://a/', '-X'], /^signwire: Option '-X, --request <value>' argument missing\n/],
    ['a header without a colon', ['curl', '-H', 'nocolon', 'http://a/'], /^signwire: -H expects "Name: value"/],
    ['invalid --json', ['curl', '--json', '{"a":', 'http://a/'], /^signwire: --json is not valid JSON/],
    ['--json with -d', ['curl', '--json', '{}', '-d', 'x', 'http://a/'], /^signwire: --json cannot be combined with -d/],
    [
      'a bad --expires-in',
      ['curl', '--expires-in', '0', 'http://a/'],
      /^signwire: --expires-in must be a positive whole number of seconds\n/,
    ],
    ['a bad --color', ['curl', '--color', 'pink', 'http://a/'], /^signwire: --color must be auto, always or never\n/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2`, async () => {
      const result = await runCli(args, { env: KEY_ENV });
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toMatch(message);
    });
  }
});
