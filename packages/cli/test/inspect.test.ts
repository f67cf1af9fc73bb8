// `signwire inspect` as a real process: it prints the page's URL, serves the page and the demo API, and
// stops cleanly on SIGTERM; plus --version, help and unknown commands.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KEY_ID, DEMO_SECRET } from '../src/inspector/demo-key.js';
import { BIN, runCli } from './helpers/cli.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** Starts `signwire inspect`, resolves with the URL it prints. */
function startInspect(args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'inspect', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^Signwire inspector: (http:\/\/\S+)\n/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`inspect exited ${code} before printing its URL: ${out}`)));
  });
}

describe('signwire inspect', () => {
  it('prints its URL, serves the page on localhost only, and stops on SIGTERM with exit 0', async () => {
    const { child, url } = await startInspect();
    expect(url).toMatch(/^http:\/\/localhost:\d+\/$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<title>Signwire inspector</title>');
    const script = await fetch(new URL('/inspector.js', url));
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(new URL('/style.css', url))).status).toBe(200);
    expect((await fetch(new URL('/package.json', url))).status).toBe(404);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('its demo API verifies requests signed with the demo key, and answers others with the server’s base', async () => {
    const { url } = await startInspect();
    const env = { SIGNWIRE_KEY_ID: DEMO_KEY_ID, SIGNWIRE_SECRET: DEMO_SECRET };
    const accepted = await runCli(['curl', '--json', '{"qty":1}', new URL('/api/orders', url).href], { env });
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ ok: true, keyId: DEMO_KEY_ID, path: '/api/orders', body: { qty: 1 } });
    const otherSecret = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    const rejected = await runCli(['curl', new URL('/api/orders', url).href], { env: { ...env, SIGNWIRE_SECRET: otherSecret } });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe('signwire: 401 SIGNATURE_INVALID: the signature does not match\n');
    expect(JSON.parse(rejected.stdout).error.signatureBase).toMatch(
      /^"@method": GET\n"@authority": localhost:\d+\n"@path": \/api\/orders\n/,
    );
  });

  it('a busy port: exit 2 with a hint', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const result = await runCli(['inspect', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^signwire: cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE \\(port ${port} is busy: pass --port 0 for a free one\\)`,
        ),
      );
    } finally {
      busy.close();
    }
  });
});

describe('signwire', () => {
  it('--version prints the package version', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('--help and COMMAND --help print usage and exit 0', async () => {
    const main = await runCli(['--help']);
    expect([main.code, main.stdout]).toEqual([0, expect.stringContaining('signwire curl [flags] URL')]);
    for (const command of ['curl', 'sign', 'verify', 'inspect']) {
      const help = await runCli([command, '--help']);
      expect([command, help.code, help.stdout]).toEqual([command, 0, expect.stringMatching(new RegExp(`^Usage: signwire ${command} `))]);
    }
  });

  it('no command prints usage to stderr and exits 2; an unknown command exits 2', async () => {
    const none = await runCli([]);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', expect.stringContaining('Usage:')]);
    const unknown = await runCli(['post', 'http://a/']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'signwire: unknown command "post": use curl, sign, verify or inspect\n(signwire --help lists the flags)\n',
    ]);
  });
});
