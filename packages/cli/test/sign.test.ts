// `signwire sign` as a real process: the headers it prints, sent by other HTTP tools (fetch, the curl
// binary), verify at a real server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, KEY_ENV, KEY_ID, runCli } from './helpers/cli.js';
import { startTestApi, type TestApi } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'signwire-cli-sign-'));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

function headerLines(text: string): [string, string][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]);
}

describe('signwire sign', () => {
  it('prints header lines that any HTTP client can send: fetch with them verifies', async () => {
    const url = `${api.origin}/v1/orders?dry_run=1`;
    const result = await runCli(['sign', '-d', 'qty=2', url], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = headerLines(result.stdout);
    expect(lines.map(([name]) => name)).toEqual(['Content-Type', 'Signature-Input', 'Signature', 'Content-Digest']);
    expect(lines[0]).toEqual(['Content-Type', 'application/x-www-form-urlencoded']);
    const response = await fetch(url, { method: 'POST', headers: lines, body: 'qty=2' });
    expect(response.status).toBe(200);
    expect(api.verified.at(-1)).toMatchObject({ keyId: KEY_ID, covered: expect.arrayContaining(['"content-digest"']) });
  });

  it('--format curl prints -H arguments that the curl binary sends as they are', async () => {
    const url = `${api.origin}/v1/items?q=a+b`;
    const script = `eval "curl -sS -o /dev/null -w '%{http_code}' $("${process.execPath}" "${BIN}" sign --format curl "${url}") '${url}'"`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, ...KEY_ENV } });
    expect(stdout).toBe('200');
    expect(api.verified.at(-1)?.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"']);
  });

  it('--format json prints the fields by lower-case name; --expires-in adds expires', async () => {
    const result = await runCli(['sign', '--format', 'json', '--expires-in', '30', `${api.origin}/x`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    const fields = JSON.parse(result.stdout);
    expect(Object.keys(fields)).toEqual(['signature-input', 'signature']);
    const created = Number(/;created=(\d+)/.exec(fields['signature-input'])?.[1]);
    expect(fields['signature-input']).toContain(`;expires=${created + 30};`);
    const response = await fetch(`${api.origin}/x`, { headers: fields });
    expect(response.status).toBe(200);
    expect(api.verified.at(-1)?.expires).toBe(created + 30);
  });

  it('--json: a note when the canonical form differs from the text; --body-out writes the bytes signed', async () => {
    const noted = await runCli(['sign', '--json', '{ "b": 2, "a": 1 }', `${api.origin}/j`], { env: KEY_ENV });
    expect(noted.code).toBe(0);
    expect(noted.stderr).toMatch(/^signwire: note: the --json body was signed in its RFC 8785 form, which differs from the text given/);
    const out = join(dir, 'body.json');
    const written = await runCli(['sign', '--json', '{ "b": 2, "a": 1 }', '--body-out', out, `${api.origin}/j`], { env: KEY_ENV });
    expect([written.code, written.stderr]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toBe('{"a":1,"b":2}');
    const response = await fetch(`${api.origin}/j`, { method: 'POST', headers: headerLines(written.stdout), body: readFileSync(out) });
    expect(response.status).toBe(200);
  });

  it('a canonical --json needs no note', async () => {
    const result = await runCli(['sign', '--json', '{"a":1}', `${api.origin}/j`], { env: KEY_ENV });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('-v prints the covered components and the signature base on stderr', async () => {
    const result = await runCli(['sign', '-v', `${api.origin}/v1/b?c=1`], { env: KEY_ENV });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('* covered: "@method" "@authority" "@path" "@query"');
    expect(result.stderr).toContain('*   "@path": /v1/b');
    expect(result.stderr).toMatch(/^\* {3}"@signature-params": \("@method" "@authority" "@path" "@query"\);created=\d+;nonce="/m);
  });

  it('a bad --format, no key, or a refused request: exit 2', async () => {
    const format = await runCli(['sign', '--format', 'yaml', `${api.origin}/`], { env: KEY_ENV });
    expect([format.code, format.stderr]).toEqual([
      2,
      'signwire: --format must be one of headers, curl, json\n(signwire sign --help lists the flags)\n',
    ]);
    const noKey = await runCli(['sign', `${api.origin}/`]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^signwire: no key id/);
    const refused = await runCli(['sign', '-H', '@method: GET', `${api.origin}/`], { env: KEY_ENV });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^signwire: cannot sign this request: .*\(HEADER_INVALID\)\n/);
  });
});
