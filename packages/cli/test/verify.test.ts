// `signwire verify` as a real process over raw HTTP/1.1 files, the vectors' JSON form and standard input:
// valid, tampered and expired requests, and bad usage.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSigner, nobleHashes } from '@signwire/client';
import { describe, expect, it } from 'vitest';
import { BIN, KEY_ENV, KEY_ID, runCli, SECRET } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'signwire-cli-verify-'));
const CREATED = 1_700_000_000;
const ORIGIN = 'https://api.example.com';

/** A raw HTTP/1.1 request signed for ORIGIN at CREATED, with LF or CRLF line ends. */
function rawRequest(options: { body?: string; eol?: string; mutate?: (text: string) => string } = {}): string {
  const { body, eol = '\n', mutate = (text) => text } = options;
  const signer = createSigner({
    keyId: KEY_ID,
    secret: { base64: SECRET },
    now: () => CREATED * 1000,
    nonce: () => 'AAECAwQFBgcICQoLDA0ODw',
    hashes: nobleHashes,
  });
  const headers: [string, string][] = body === undefined ? [] : [['Content-Type', 'application/json']];
  const signed = signer.signSync({ method: 'POST', url: `${ORIGIN}/v1/orders?dry_run=1`, headers, body });
  const lines = [
    'POST /v1/orders?dry_run=1 HTTP/1.1',
    'Host: api.example.com',
    ...headers.map(([n, v]) => `${n}: ${v}`),
    ...(body === undefined ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
    ...Object.entries(signed).map(([n, v]) => `${n}: ${v}`),
  ];
  return mutate(`${lines.join(eol)}${eol}${eol}${body ?? ''}`);
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const at = (seconds: number) => ['--origin', ORIGIN, '--now', String(seconds)];

describe('signwire verify: explains each check', () => {
  it('a valid request: every check passes, the base is printed, exit 0', async () => {
    const path = file('valid.http', rawRequest({ body: '{"qty":2}' }));
    const result = await runCli(['verify', ...at(CREATED + 10), path], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const checks = result.stdout.split('\n').filter((line) => /^ {2}[✓✗–·] +\d+ /.test(line));
    expect(checks.map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '✓ 1',
      '✓ 2',
      '✓ 3',
      '✓ 4',
      '✓ 5',
      '✓ 6',
      '✓ 7',
      '✓ 8',
      '✓ 9',
      '✓ 10',
      '✓ 11',
      '✓ 12',
      '– 13',
    ]);
    expect(result.stdout).toContain('  created  1700000000  2023-11-14T22:13:20Z, 10 s before now');
    expect(result.stdout).toContain('  "@path": /v1/orders\n  "@query": ?dry_run=1\n  "content-type": application/json\n');
    expect(result.stdout).toMatch(/\nResult: valid\n$/);
  });

  it('CRLF line ends and a chunked body verify as well', async () => {
    const chunked = rawRequest({
      body: '{"qty":2}',
      eol: '\r\n',
      mutate: (text) =>
        text.replace('Content-Length: 9', 'Transfer-Encoding: chunked').replace(/\{"qty":2\}$/, '4\r\n{"qt\r\n5\r\ny":2}\r\n0\r\n\r\n'),
    });
    const result = await runCli(['verify', ...at(CREATED), file('chunked.http', chunked)], { env: KEY_ENV });
    expect(result.code).toBe(0);
  });

  it('a changed body byte: DIGEST_MISMATCH at step 12, exit 1', async () => {
    const path = file('body.http', rawRequest({ body: '{"qty":2}', mutate: (text) => text.replace('{"qty":2}', '{"qty":3}') }));
    const result = await runCli(['verify', ...at(CREATED), path], { env: KEY_ENV });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}✓ 11 MAC$/m);
    expect(result.stdout).toMatch(/^ {2}✗ 12 digest +DIGEST_MISMATCH: the body does not match its Content-Digest$/m);
    expect(result.stdout).toContain('Result: DIGEST_MISMATCH (401) at step 12');
  });

  it('a changed path: SIGNATURE_INVALID at step 11, with the base the server computed and a hint', async () => {
    const path = file('path.http', rawRequest({ mutate: (text) => text.replace('POST /v1/orders', 'POST /v1/refunds') }));
    const result = await runCli(['verify', ...at(CREATED), path], { env: KEY_ENV });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}✗ 11 MAC +SIGNATURE_INVALID: the signature does not match$/m);
    expect(result.stdout).toContain('  "@path": /v1/refunds\n');
    expect(result.stdout).toContain('Hint: the base above is what a server with the origin https://api.example.com computes');
  });

  it('an old request: SIGNATURE_EXPIRED at step 7; --now created checks the rest', async () => {
    const path = file('old.http', rawRequest());
    const late = await runCli(['verify', ...at(CREATED + 3 * 3600), path], { env: KEY_ENV });
    expect(late.code).toBe(1);
    expect(late.stdout).toMatch(/^ {2}✗ {2}7 time +SIGNATURE_EXPIRED: the signature is older than the maximum age$/m);
    expect(late.stdout).toMatch(/^ {2}· {2}8 coverage +not run$/m);
    expect(late.stdout).toContain(
      'Hint: the signature was created 2023-11-14T22:13:20Z, 3 h before now. To check the rest as of when it was signed, pass --now created',
    );
    const asSigned = await runCli(['verify', '--origin', ORIGIN, '--now', 'created', path], { env: KEY_ENV });
    expect(asSigned.code).toBe(0);
    const iso = await runCli(['verify', '--origin', ORIGIN, '--now', '2023-11-14T22:14:00Z', path], { env: KEY_ENV });
    expect(iso.code).toBe(0);
  });

  it('a wrong key: KEY_UNKNOWN for another --key-id, SIGNATURE_INVALID for another secret', async () => {
    const path = file('key.http', rawRequest());
    const otherId = await runCli(['verify', ...at(CREATED), '--key-id', 'someone-else', path], { env: { SIGNWIRE_SECRET: SECRET } });
    expect(otherId.code).toBe(1);
    expect(otherId.stdout).toContain('Result: KEY_UNKNOWN (401) at step 9');
    expect(otherId.stdout).toContain(
      `Hint: the key id someone-else (--key-id or SIGNWIRE_KEY_ID) is not the signature's keyid; pass the key of keyid "${KEY_ID}".`,
    );
    const otherSecret = await runCli(['verify', ...at(CREATED), path], {
      env: { SIGNWIRE_SECRET: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh4=' },
    });
    expect(otherSecret.stdout).toContain('Result: SIGNATURE_INVALID (401) at step 11');
    expect(otherSecret.stdout).toContain('If the bases are identical, the keys differ');
  });

  it('an unsigned request: SIGNATURE_MISSING at step 3', async () => {
    const result = await runCli(['verify', ...at(CREATED), '-'], {
      env: KEY_ENV,
      input: 'GET /v1/items HTTP/1.1\nHost: api.example.com\n\n',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}✗ {2}3 presence +SIGNATURE_MISSING: /m);
    expect(result.stdout).not.toContain('Signature base');
  });

  it('reads the vectors’ JSON request form, and reports the expected code of a tampered vector', async () => {
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../../test-vectors/vectors/verify.json'), 'utf8'));
    const all = doc.groups.flatMap((group: { cases: unknown[] }) => group.cases);
    for (const [id, code, expected] of [
      ['verify/post-json-valid', 0, 'Result: valid'],
      ['verify/path-changed', 1, 'Result: SIGNATURE_INVALID'],
    ] as const) {
      const testCase = all.find((c: { id: string }) => c.id === id);
      const [keyId, key] = Object.entries(testCase.keys)[0] as [string, { base64: string }];
      const result = await runCli(
        ['verify', '--now', String(testCase.now), '--key-id', keyId, file(`${id.replace('/', '-')}.json`, JSON.stringify(testCase))],
        {
          env: { SIGNWIRE_SECRET: key.base64 },
        },
      );
      expect([id, result.code]).toEqual([id, code]);
      expect(result.stdout).toContain(expected);
    }
  });

  it('JSON: --origin replaces the URL’s origin; the body may be text; headers may be an object', async () => {
    const signer = createSigner({ keyId: KEY_ID, secret: { base64: SECRET }, now: () => CREATED * 1000, hashes: nobleHashes });
    const headers = { 'content-type': 'text/plain' };
    const signed = signer.signSync({ method: 'PUT', url: `${ORIGIN}/notes/1`, headers, body: 'hello' });
    const request = { method: 'PUT', url: 'http://localhost:8080/notes/1', headers: { ...headers, ...signed }, body: 'hello' };
    const path = file('text-body.json', JSON.stringify(request));
    const right = await runCli(['verify', '--origin', ORIGIN, '--now', String(CREATED), path], { env: KEY_ENV });
    expect([right.code, right.stdout]).toEqual([0, expect.stringContaining('Result: valid')]);
    const asIs = await runCli(['verify', '--now', String(CREATED), path], { env: KEY_ENV });
    expect(asIs.code).toBe(1);
    expect(asIs.stdout).toContain('  "@authority": localhost:8080\n');
  });

  it('--format json prints the report', async () => {
    const result = await runCli(['verify', ...at(CREATED), '--format', 'json', file('json.http', rawRequest())], { env: KEY_ENV });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: true, now: CREATED, signature: { label: 'sig1', keyId: KEY_ID, created: CREATED }, notes: [] });
    expect(report.checks).toHaveLength(13);
    expect(report.signatureBase).toMatch(/^"@method": POST\n/);
  });

  it('says what it ignored: bytes after the body, a body without Content-Length', async () => {
    const trailing = await runCli(['verify', ...at(CREATED), file('trailing.http', `${rawRequest({ body: '{"qty":2}' })}\n`)], {
      env: KEY_ENV,
    });
    expect(trailing.code).toBe(0);
    expect(trailing.stdout).toMatch(/^Note: 1 byte after the body \(Content-Length: 9\) ignored\n/);
    const unframed = rawRequest({ body: '{"qty":2}', mutate: (text) => text.replace('Content-Length: 9\n', '') });
    const result = await runCli(['verify', ...at(CREATED), file('unframed.http', unframed)], { env: KEY_ENV });
    expect(result.stdout).toMatch(
      /^Note: 9 bytes after the head ignored: without Content-Length or Transfer-Encoding a request has no body/,
    );
    // The MAC covers the Content-Digest field, which is intact; the (empty) body does not match it.
    expect(result.stdout).toContain('Result: DIGEST_MISMATCH (401) at step 12');
  });
});

describe('signwire verify: bad usage exits 2', () => {
  const valid = () => file('usage.http', rawRequest());
  const cases: [string, () => string[], Record<string, string>, RegExp][] = [
    [
      'no --origin for raw HTTP',
      () => ['verify', valid()],
      KEY_ENV,
      /^signwire: --origin is required for a raw HTTP request: .* e\.g\. --origin https:\/\/api\.example\.com/,
    ],
    [
      'an --origin with a path',
      () => ['verify', '--origin', 'https://api.example.com/v1', valid()],
      KEY_ENV,
      /^signwire: --origin: the origin must be scheme:\/\/host\[:port\] only/,
    ],
    ['no secret', () => ['verify', ...at(CREATED), valid()], { SIGNWIRE_KEY_ID: KEY_ID }, /^signwire: no secret: /],
    ['a missing file', () => ['verify', ...at(CREATED), join(dir, 'nope.http')], KEY_ENV, /^signwire: cannot read .*nope\.http: ENOENT\n/],
    [
      'not a request',
      () => ['verify', ...at(CREATED), file('garbage.http', 'hello world, this is not HTTP\n')],
      KEY_ENV,
      /^signwire: not a request: the first line must be the request line/,
    ],
    [
      'obsolete line folding',
      () => ['verify', ...at(CREATED), file('fold.http', 'GET / HTTP/1.1\nX-A: 1\n  2\n\n')],
      KEY_ENV,
      /^signwire: not a request: line 3 continues the previous field/,
    ],
    [
      'a broken chunked body',
      () => ['verify', ...at(CREATED), file('chunk.http', 'POST / HTTP/1.1\nTransfer-Encoding: chunked\n\nzz\r\n')],
      KEY_ENV,
      /^signwire: not a request: the chunked body has a malformed chunk-size line/,
    ],
    [
      'JSON without a URL',
      () => ['verify', '--now', '1', file('bad.json', '{"method":"GET"}')],
      KEY_ENV,
      /^signwire: not a request: a JSON request needs "method" and "url" strings/,
    ],
    [
      'a bad --now',
      () => ['verify', '--origin', ORIGIN, '--now', 'yesterday', valid()],
      KEY_ENV,
      /^signwire: --now: the clock must be Unix seconds, an ISO 8601 date/,
    ],
    [
      'a bad --max-age',
      () => ['verify', ...at(CREATED), '--max-age', '0', valid()],
      KEY_ENV,
      /^signwire: maxAgeSeconds must be a positive integer \(CONFIGURATION_INVALID\)\n/,
    ],
    ['two files', () => ['verify', ...at(CREATED), valid(), valid()], KEY_ENV, /^signwire: one FILE expected, got 2\n/],
    ['an empty input', () => ['verify', ...at(CREATED), '-'], KEY_ENV, /^signwire: not a request: the input is empty\n/],
  ];
  for (const [name, args, env, message] of cases) {
    it(name, async () => {
      const result = await runCli(args(), { env });
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toMatch(message);
    });
  }
});

describe('signwire verify: colour', () => {
  const path = () => file('color.http', rawRequest());
  it('none when the output is not a terminal, or with --color never; ANSI with --color always', async () => {
    const plain = await runCli(['verify', ...at(CREATED), path()], { env: KEY_ENV });
    expect(plain.stdout).not.toContain('\u001b[');
    const always = await runCli(['verify', ...at(CREATED), '--color', 'always', path()], { env: { ...KEY_ENV, NO_COLOR: '1' } });
    expect(always.stdout).toContain('\u001b[32m✓\u001b[39m');
  });

  it('on a terminal: colour, unless NO_COLOR is set', async () => {
    // script(1) runs the command on a pseudo-terminal, as an interactive shell does.
    const onTerminal = async (env: Record<string, string>) => {
      const command = `"${process.execPath}" "${BIN}" verify --origin ${ORIGIN} --now ${CREATED} ${path()}`;
      const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', ...KEY_ENV, ...env },
      });
      return stdout;
    };
    expect(await onTerminal({})).toContain('\u001b[32m✓\u001b[39m');
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});
