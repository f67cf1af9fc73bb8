import { importSecret, isSignwireError, verifyRequestSignature } from '@signwire/core';
import { utf8 } from '@signwire/core/internal';
import { describe, expect, it } from 'vitest';
import { createSigner, extraComponents, nobleHashes, type SignerOptions } from '../src/index.js';
import { fixedNonce } from '../src/testing.js';
import { headerLines, KEY_ID, NOW_SECONDS, SECRET_BASE64, syncSigner, testSigner, verifySent } from './helpers.js';

const secret = { base64: SECRET_BASE64 };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSignwireError(error) ? error.code : `not a SignwireError: ${String(error)}`;
  }
  return undefined;
}

describe('createSigner validates its options at construction', () => {
  it.each([
    ['a bare string secret', { secret: 'c2VjcmV0' as never }],
    ['a 31-byte secret', { secret: new Uint8Array(31) }],
    ['an undeclared encoding', { secret: { utf8: 'x'.repeat(40) } as never }],
    ['invalid base64', { secret: { base64: '!!!' } }],
  ])('KEY_INVALID for %s', (_, options) => {
    expect(codeOf(() => createSigner({ keyId: KEY_ID, ...options }))).toBe('KEY_INVALID');
  });

  it('CONFIGURATION_INVALID (cause PARAMETER_INVALID) for an empty key id', () => {
    try {
      createSigner({ keyId: '', secret });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIGURATION_INVALID', name: 'ConfigurationError', cause: { code: 'PARAMETER_INVALID' } });
    }
  });

  it.each([
    ['a key id with a space', { keyId: 'client 1' }],
    ['a key id that is not a string', { keyId: 7 as never }],
    ['expiresInSeconds = 0', { expiresInSeconds: 0 }],
    ['a negative expiresInSeconds', { expiresInSeconds: -5 }],
    ['a fractional expiresInSeconds', { expiresInSeconds: 1.5 }],
    ['a clock that is not a function', { now: 5 as never }],
    ['a nonce source that is not a function', { nonce: 'abc' as never }],
    ['an invalid label', { label: 'Sig 1' }],
    ['components that are not an array', { components: 'x-request-id' as never }],
    ['components as a plain array (not extraComponents)', { components: ['x-request-id'] as never }],
    ['extraComponents of something other than an array', { components: extraComponents('x-request-id' as never) }],
  ])('CONFIGURATION_INVALID for %s', (_, options) => {
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret, ...options }))).toBe('CONFIGURATION_INVALID');
  });

  describe('messages name the mistake', () => {
    const RULE = 'a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -';
    const errorOf = (options: Partial<SignerOptions>): unknown => {
      try {
        createSigner({ keyId: KEY_ID, secret, ...options });
      } catch (error) {
        return error;
      }
      return expect.unreachable();
    };

    it.each<[string, unknown, string]>([
      ['a space', 'client 1', `keyId "client 1" has " " (U+0020) at character 7; ${RULE}`],
      [
        'undefined (an unset variable)',
        undefined,
        `keyId is undefined, not a string (is the environment variable that should hold it unset?); ${RULE}`,
      ],
      ['a number', 7, `keyId is a number, not a string; ${RULE}`],
      ['empty', '', `keyId is empty; ${RULE}`],
    ])('a key id with %s: the message states the rule', (_, keyId, message) => {
      expect(errorOf({ keyId: keyId as string })).toMatchObject({
        code: 'CONFIGURATION_INVALID',
        message,
        cause: { code: 'PARAMETER_INVALID', message },
      });
    });

    it('{ base64: undefined } says base64 is undefined and suggests an unset variable', () => {
      expect(errorOf({ secret: { base64: undefined as unknown as string } })).toMatchObject({
        code: 'KEY_INVALID',
        message: "the secret's base64 is undefined, not a string (is the environment variable that should hold it unset?)",
      });
    });
  });

  it('CONFIGURATION_INVALID for missing options', () => {
    expect(codeOf(() => createSigner(undefined as never))).toBe('CONFIGURATION_INVALID');
  });

  it.each([
    ['host', 'HEADER_FORBIDDEN'],
    ['content-length', 'HEADER_FORBIDDEN'],
    ['date', 'HEADER_FORBIDDEN'],
    ['cookie', 'HEADER_FORBIDDEN'],
    ['sec-fetch-mode', 'HEADER_FORBIDDEN'],
    ['proxy-authorization', 'HEADER_FORBIDDEN'],
    ['content-digest', 'HEADER_FORBIDDEN'],
    ['@method', 'COMPONENT_UNSUPPORTED'],
    ['@status', 'COMPONENT_UNSUPPORTED'],
    ['X-Request-Id', 'COMPONENT_INVALID'],
  ])('fails fast when components cover %s (%s)', (component, code) => {
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret, components: extraComponents([component]) }))).toBe(code);
  });

  it('COMPONENT_UNSUPPORTED when a component is listed twice', () => {
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret, components: extraComponents(['x-a', 'x-a']) }))).toBe(
      'COMPONENT_UNSUPPORTED',
    );
  });

  it('checks every component, also those after one the request may lack', () => {
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret, components: extraComponents(['x-request-id', 'host']) }))).toBe(
      'HEADER_FORBIDDEN',
    );
  });

  it('names extraComponents when components are a plain array', () => {
    const error = (() => {
      try {
        createSigner({ keyId: KEY_ID, secret, components: ['x-request-id'] as never });
      } catch (caught) {
        return caught as Error;
      }
      return expect.unreachable();
    })();
    expect(error.message).toBe(
      "components must be extraComponents([...]) from @signwire/client, e.g. components: extraComponents(['x-request-id'])",
    );
  });

  it('checks extraComponents in createSigner, after the secret and the key id (docs/spec.md §8 D7)', () => {
    const components = extraComponents(['Host']);
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret: { base64: 'not base64' }, components }))).toBe('KEY_INVALID');
    expect(codeOf(() => createSigner({ keyId: 'client 1', secret, components }))).toBe('CONFIGURATION_INVALID');
    expect(codeOf(() => createSigner({ keyId: KEY_ID, secret, components }))).toBe('COMPONENT_INVALID');
  });

  it('accepts components that requests supply later (fields, query parameters)', () => {
    expect(() =>
      createSigner({
        keyId: KEY_ID,
        secret,
        components: extraComponents(['x-request-id', { name: '@query-param', params: { name: 'q' } }]),
      }),
    ).not.toThrow();
  });
});

describe('signer.signSync and signer.sign on plain requests', () => {
  const request = {
    method: 'post',
    url: 'https://api.example.com/v1/notes?x=1',
    headers: { 'content-type': 'text/plain', 'x-request-id': 'r-1' },
    body: 'hello',
  };

  it('returns the three headers and a signature that verifies', () => {
    const headers = syncSigner({ components: extraComponents(['x-request-id']) }).signSync(request);
    expect(Object.keys(headers).sort()).toEqual(['content-digest', 'signature', 'signature-input']);
    expect(headers['signature-input']).toContain('"x-request-id"');
    expect(headers['signature-input']).toContain(`created=${NOW_SECONDS}`);
    const verified = verifyRequestSignature({
      request: { ...request, method: 'POST', headers: { ...request.headers, ...headers }, body: utf8('hello') },
      now: NOW_SECONDS,
      lookupKey: () => ({ key: importSecret(secret) }),
      policy: { requiredComponents: ['x-request-id'] },
    });
    expect(verified.keyId).toBe(KEY_ID);
  });

  it('sign() gives the same result as signSync() for a plain request', async () => {
    const options = { nonce: fixedNonce('AAECAwQFBgcICQoLDA0ODw') };
    expect(await testSigner(options).sign(request)).toEqual(syncSigner(options).signSync(request));
  });

  it('accepts ArrayBuffer and typed-array views as bodies', () => {
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 5]);
    const signer = syncSigner({ nonce: fixedNonce('AAECAwQFBgcICQoLDA0ODw') });
    const a = signer.signSync({ ...request, body: bytes.subarray(1, 4) });
    const b = signer.signSync({ ...request, body: new DataView(bytes.buffer, 1, 3) });
    const c = signer.signSync({ ...request, body: bytes.slice(1, 4).buffer });
    expect(a).toEqual(b);
    expect(a).toEqual(c);
  });

  it('omits content-digest when there is no body', () => {
    const headers = syncSigner().signSync({ method: 'GET', url: 'https://api.example.com/' });
    expect(headers['content-digest']).toBeUndefined();
  });

  it('adds expires when expiresInSeconds is set', () => {
    const headers = syncSigner({ expiresInSeconds: 30 }).signSync(request);
    expect(headers['signature-input']).toContain(`created=${NOW_SECONDS};expires=${NOW_SECONDS + 30};`);
  });

  it('uses a fresh 128-bit nonce from crypto.getRandomValues by default', () => {
    const signer = createSigner({ keyId: KEY_ID, secret, hashes: nobleHashes });
    const nonces = [1, 2, 3].map(() => /nonce="([^"]+)"/.exec(signer.signSync(request)['signature-input'])?.[1]);
    expect(new Set(nonces).size).toBe(3);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('uses Date.now by default (created within a second of now)', () => {
    const headers = createSigner({ keyId: KEY_ID, secret, hashes: nobleHashes }).signSync(request);
    const created = Number(/created=(\d+)/.exec(headers['signature-input'])?.[1]);
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(2);
  });

  it.each([
    ['BODY_NOT_BUFFERABLE', { body: new Blob(['x']) as never }],
    ['BODY_NOT_BUFFERABLE', { body: new URLSearchParams('a=1') as never }],
    ['URL_INVALID', { url: '/relative' }],
    ['URL_INVALID', { url: 'ftp://api.example.com/' }],
    ['URL_INVALID', { url: 'https://user:pass@api.example.com/' }],
    ['METHOD_INVALID', { method: 'PO ST' }],
    ['HEADER_INVALID', { headers: { '@method': 'GET' } }],
    ['HEADER_FORBIDDEN', { headers: { signature: 'sig1=:AAAA:' } }],
    ['COMPONENT_INVALID', { headers: { 'content-type': 'text/plain\r\nx: y' } }],
  ])('%s, thrown before anything is sent', (code, change) => {
    expect(codeOf(() => syncSigner().signSync({ ...request, ...change }))).toBe(code);
  });

  it('COMPONENT_UNAVAILABLE when a covered header is missing', () => {
    expect(codeOf(() => syncSigner({ components: extraComponents(['x-trace']) }).signSync(request))).toBe('COMPONENT_UNAVAILABLE');
  });

  it('PARAMETER_INVALID when the nonce source returns a bad nonce', () => {
    expect(codeOf(() => syncSigner({ nonce: () => 'short' }).signSync(request))).toBe('PARAMETER_INVALID');
  });

  it('CONFIGURATION_INVALID when the clock returns NaN', () => {
    expect(codeOf(() => syncSigner({ now: () => Number.NaN }).signSync(request))).toBe('CONFIGURATION_INVALID');
  });

  it('CONFIGURATION_INVALID for a request that is not an object', () => {
    expect(codeOf(() => syncSigner().signSync(null as never))).toBe('CONFIGURATION_INVALID');
  });
});

describe('clock', () => {
  it('takes milliseconds and rounds created down to a second', () => {
    const headers = syncSigner({ now: () => 1_700_000_000_999 }).signSync({ method: 'GET', url: 'https://a.example/' });
    expect(headers['signature-input']).toContain('created=1700000000;');
  });

  it('applies the offset set through setClockOffset, and only through it', () => {
    const signer = syncSigner();
    expect(signer.clockOffsetSeconds).toBe(0);
    expect(() => {
      (signer as { clockOffsetSeconds: number }).clockOffsetSeconds = 99;
    }).toThrow(TypeError);
    signer.setClockOffset(-120);
    expect(signer.clockOffsetSeconds).toBe(-120);
    expect(signer.signSync({ method: 'GET', url: 'https://a.example/' })['signature-input']).toContain(`created=${NOW_SECONDS - 120};`);
  });

  it('ignores a Date header on the request', () => {
    const headers = syncSigner().signSync({ method: 'GET', url: 'https://a.example/', headers: { date: 'Fri, 01 Jan 2100 00:00:00 GMT' } });
    expect(headers['signature-input']).toContain(`created=${NOW_SECONDS};`);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('CONFIGURATION_INVALID for an offset of %s', (offset) => {
    expect(codeOf(() => testSigner().setClockOffset(offset))).toBe('CONFIGURATION_INVALID');
  });
});

describe('signer.sign and signer.signRequest on Fetch Requests', () => {
  it('reads the body from a clone and leaves the request unconsumed', async () => {
    const request = new Request('https://api.example.com/v1/notes', { method: 'POST', body: 'hello' });
    const headers = await testSigner().sign(request);
    expect(request.bodyUsed).toBe(false);
    const sent = new Request(request, { headers: [...headerLines(request.headers), ...Object.entries(headers)] });
    expect((await verifySent(sent)).keyId).toBe(KEY_ID);
  });

  it('signRequest returns a new signed Request with the same bytes', async () => {
    const form = new FormData();
    form.set('a', '1');
    const request = new Request('https://api.example.com/v1/upload', { method: 'POST', body: form });
    const signed = await testSigner().signRequest(request);
    expect(signed).not.toBe(request);
    expect(signed.headers.get('content-type')).toBe(request.headers.get('content-type'));
    const { bytes } = await verifySent(signed);
    expect(new TextDecoder().decode(bytes)).toContain(request.headers.get('content-type')?.split('boundary=')[1]);
  });

  it('signRequest accepts a plain request', async () => {
    const signed = await testSigner().signRequest({ method: 'PUT', url: 'https://api.example.com/v1/x', body: new Uint8Array([1, 2]) });
    expect([...(await verifySent(signed)).bytes]).toEqual([1, 2]);
  });

  it('BODY_NOT_BUFFERABLE for a Request whose body was already read', async () => {
    const request = new Request('https://api.example.com/', { method: 'POST', body: 'x' });
    await request.text();
    await expect(testSigner().sign(request)).rejects.toMatchObject({ code: 'BODY_NOT_BUFFERABLE' });
  });

  it('HEADER_FORBIDDEN when the Request already carries a Signature header', async () => {
    const request = new Request('https://api.example.com/', { headers: { signature: 'sig1=:AAAA:' } });
    await expect(testSigner().signRequest(request)).rejects.toMatchObject({ code: 'HEADER_FORBIDDEN' });
  });
});

describe('the signer clock (options.now) is in milliseconds', () => {
  it('a clock in seconds is refused with CONFIGURATION_INVALID, saying so', () => {
    const signer = createSigner({
      keyId: 'client-1',
      secret: { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
      hashes: nobleHashes,
      now: () => Date.now() / 1000,
    });
    expect(() => signer.signSync({ method: 'GET', url: 'https://api.example.com/v1', headers: {} })).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_INVALID',
        message: expect.stringContaining('must return milliseconds since the epoch, like Date.now (not seconds)'),
      }),
    );
  });
});
