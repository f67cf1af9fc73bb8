// The verifier's `log` option: one line per rejection, on by default outside production and with
// `debug`, off in production, redirectable, and never carrying a secret, a MAC, the query, body
// bytes or a signature base.
import * as core from '@signwire/core/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, type VerifierOptions } from '../src/index.js';
import { resolveRejectionLog } from '../src/rejection-log.js';
import { NOW, ORIGIN, OTHER_SECRET, SECRET, sign, signedRequest } from './helpers.js';

// createSignatureBase stays the real one; the spy counts calls (a rejection must not build the base
// just to log it: a forged request could make that expensive).
vi.mock('@signwire/core/internal', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@signwire/core/internal')>();
  return { ...actual, createSignatureBase: vi.fn(actual.createSignatureBase) };
});

const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW + 5 };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Rejects one request (a wrong key: SIGNATURE_INVALID) and returns what console.warn received. */
async function warnedLines(options: Partial<VerifierOptions>): Promise<string[]> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const verifier = createVerifier({ ...base, ...options });
  await expect(verifier.verify(signedRequest({ secret: OTHER_SECRET }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  return warn.mock.calls.map((args) => args.join(' '));
}

const LINE = 'signwire: rejected POST /v1/orders: 401 SIGNATURE_INVALID (keyid "client-1"): the signature does not match';

describe('createVerifier({ log }): who logs rejections by default', () => {
  it.each(['development', 'test', ''])('NODE_ENV=%j: console.warn, one line per rejection', async (env) => {
    vi.stubEnv('NODE_ENV', env);
    expect(await warnedLines({})).toEqual([LINE]);
  });

  it('NODE_ENV unset: console.warn', async () => {
    vi.stubEnv('NODE_ENV', undefined);
    expect(await warnedLines({})).toEqual([LINE]);
  });

  it('NODE_ENV=production: nothing', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(await warnedLines({})).toEqual([]);
  });

  it('NODE_ENV=production with debug: console.warn', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(await warnedLines({ debug: true })).toEqual([LINE]);
  });

  it('NODE_ENV is read once, when the verifier is created', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const verifier = createVerifier(base);
    vi.stubEnv('NODE_ENV', 'development');
    await expect(verifier.verify(new Request(`${ORIGIN}/`))).rejects.toMatchObject({ code: 'SIGNATURE_MISSING' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('no process (an edge runtime), or an environment that cannot be read: nothing, unless debug', () => {
    vi.stubGlobal('process', undefined);
    expect(resolveRejectionLog(undefined, false)).toBeUndefined();
    expect(resolveRejectionLog(undefined, true)).toBeTypeOf('function');
    vi.unstubAllGlobals();
    const unreadable = new Proxy(
      {},
      {
        get() {
          throw new Error('PermissionDenied: env access');
        },
      },
    );
    vi.stubGlobal('process', { env: unreadable });
    expect(resolveRejectionLog(undefined, false)).toBeUndefined();
  });
});

describe('createVerifier({ log }): false, true or a function', () => {
  it('false: nothing, even with debug outside production', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(await warnedLines({ log: false, debug: true })).toEqual([]);
  });

  it('true: console.warn, even in production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(await warnedLines({ log: true })).toEqual([LINE]);
  });

  it('a function receives each line instead of console.warn, in production too', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const lines: string[] = [];
    expect(await warnedLines({ log: (line) => lines.push(line) })).toEqual([]);
    expect(lines).toEqual([LINE]);
  });

  it.each([
    ['a string', 'warn'],
    ['a number', 1],
    ['null', null],
    ['an object', { warn: () => undefined }],
  ])('%s is CONFIGURATION_INVALID at construction', (_name, log) => {
    expect(() => createVerifier({ ...base, log: log as never })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: 'log must be true, false or a function taking one line of text' }),
    );
  });

  it('a throwing log function, or a throwing onFailure, changes nothing else', async () => {
    const lines: string[] = [];
    const throwing = createVerifier({
      ...base,
      log: () => {
        throw new Error('log sink down');
      },
    });
    await expect(throwing.verify(signedRequest({ secret: OTHER_SECRET }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    const hooked = createVerifier({
      ...base,
      log: (line) => lines.push(line),
      onFailure: () => {
        throw new Error('hook');
      },
    });
    await expect(hooked.verify(signedRequest({ secret: OTHER_SECRET }))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(lines).toEqual([LINE]);
  });
});

describe('rejection log lines: what they hold, and never a secret, a MAC, the query, body bytes or a signature base', () => {
  const collect = (options: Partial<VerifierOptions> = {}): { lines: string[]; options: VerifierOptions } => {
    const lines: string[] = [];
    return { lines, options: { ...base, ...options, log: (line: string) => lines.push(line) } };
  };

  it('code, status, method, path without the query, key id, message; never the secret, MAC, body or base', async () => {
    const { lines, options } = collect({ debug: true });
    const parts = sign({ url: `${ORIGIN}/v1/orders?token=s3cr3t-query`, body: '{"card":"4111-body-bytes"}', secret: OTHER_SECRET });
    const verifier = createVerifier(options);
    await expect(
      verifier.verify(new Request(parts.url, { method: 'POST', headers: parts.headers, body: parts.body })),
    ).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    expect(lines).toEqual([LINE]);
    const mac = parts.headers.find(([name]) => name === 'signature')?.[1].split(':')[1] as string;
    for (const secretish of [mac, 's3cr3t-query', '4111-body-bytes', SECRET.base64, OTHER_SECRET.hex, '@signature-params']) {
      expect(lines[0]).not.toContain(secretish);
    }
  });

  it('logging builds no signature base (only debug or an onFailure hook that reads it does)', async () => {
    const { lines, options } = collect();
    const build = vi.mocked(core.createSignatureBase);
    build.mockClear();
    await expect(createVerifier(options).verify(signedRequest({ keyId: 'nobody' }))).rejects.toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(lines).toEqual(['signwire: rejected POST /v1/orders: 401 KEY_UNKNOWN (keyid "nobody"): no key with keyid "nobody"']);
    expect(build).not.toHaveBeenCalled();
    const debugging = collect({ debug: true });
    await expect(createVerifier(debugging.options).verify(signedRequest({ keyId: 'nobody' }))).rejects.toMatchObject({
      code: 'KEY_UNKNOWN',
    });
    expect(build).toHaveBeenCalledTimes(1); // the control: the spy sees the verifier's calls
  });

  it('a rejection before the signature is parsed has no key id', async () => {
    const { lines, options } = collect();
    await expect(createVerifier(options).verify(new Request(`${ORIGIN}/health?x=1`))).rejects.toMatchObject({ code: 'SIGNATURE_MISSING' });
    expect(lines).toEqual(['signwire: rejected GET /health: 401 SIGNATURE_MISSING: the request has no Signature-Input or Signature field']);
  });

  it('carries the publicOrigin hint of a failed MAC', async () => {
    const { lines, options } = collect();
    const request = signedRequest({ url: 'http://localhost:3000/v1/orders' });
    await expect(createVerifier(options).verify(request)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^signwire: rejected POST \/v1\/orders: 401 SIGNATURE_INVALID \(keyid "client-1"\): the signature does not match; hint: the request was sent to host "localhost:3000", but @authority is taken from publicOrigin https:\/\/api\.example\.com: /,
    );
  });

  it('stays one line whatever the client sends (controls, line separators, bidi overrides escaped)', async () => {
    const { lines, options } = collect();
    const verifier = createVerifier(options);
    const target = '/a\u2028b\u202ec';
    await expect(
      verifier.verifyMessage({ method: 'GE\nT', requestTarget: target, headers: [['signature', 'x']], body: null }),
    ).rejects.toMatchObject({ code: 'URL_INVALID' });
    expect(lines).toEqual([
      'signwire: rejected GE\\u000aT /a\\u2028b\\u202ec: 400 URL_INVALID: the request target must be origin-form visible ASCII without a fragment',
    ]);
  });

  it('a key resolver outage is not a rejection: not logged', async () => {
    const { lines, options } = collect({
      keys: () => {
        throw new Error('database down');
      },
    });
    await expect(createVerifier(options).verify(signedRequest())).rejects.toThrow('database down');
    expect(lines).toEqual([]);
  });
});

describe('rejection log: a Fetch request whose body was read before the verifier', () => {
  it('is logged and reported to onFailure like every rejection (CONFIGURATION_INVALID, 500)', async () => {
    const lines: string[] = [];
    const onFailure = vi.fn();
    const verifier = createVerifier({ ...base, log: (line) => lines.push(line), onFailure });
    const request = signedRequest({ body: '{"a":1}' });
    await request.text();
    await expect(verifier.verify(request)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID', status: 500 });
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      'signwire: rejected POST /v1/orders: 500 CONFIGURATION_INVALID: the request body was already read before the verifier ran; verify first',
    ]);
  });
});
