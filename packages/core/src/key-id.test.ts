import { describe, expect, it } from 'vitest';
import { KEY_ID_PATTERN } from './constants.js';
import { describeKeyIdProblem, KEY_ID_RULE } from './key-id.js';
import { createRequestSigner } from './request-signer.js';
import { signResponse } from './response.js';
import { importSecret } from './secret.js';
import { signRequest } from './sign.js';
import { verifyRequestSignature } from './verify.js';

// docs/spec.md §2, written out here rather than taken from the code under test.
const RULE = 'a key id is 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -';

describe('describeKeyIdProblem', () => {
  it('accepts valid key ids', () => {
    for (const id of ['client-1', 'u:8412:1700003600', 'a', 'x'.repeat(128), 'A.Z_a~z:0/9+=@-']) {
      expect(describeKeyIdProblem('keyId', id)).toBeUndefined();
    }
  });

  it.each<[string, unknown, string]>([
    ['a space', 'client 1', 'keyId "client 1" has " " (U+0020) at character 7'],
    ['a quote', 'a"b', 'keyId "a"b" has """ (U+0022) at character 2'],
    ['non-ASCII (counted by code point)', '😀é', 'keyId "\\ud83d\\ude00\\u00e9" has U+1F600 at character 1'],
    ['a control character', 'ab\n', 'keyId "ab\\u000a" has U+000A at character 3'],
    ['too long', 'x'.repeat(129), `keyId "${'x'.repeat(64)}…" is 129 characters long`],
    ['empty', '', 'keyId is empty'],
    ['undefined', undefined, 'keyId is undefined, not a string (is the environment variable that should hold it unset?)'],
    ['a number', 7, 'keyId is a number, not a string'],
  ])('names the problem with %s and states the rule', (_name, value, problem) => {
    expect(describeKeyIdProblem('keyId', value)).toBe(`${problem}; ${RULE}`);
  });

  it('states exactly the characters KEY_ID_PATTERN allows', () => {
    expect(KEY_ID_RULE).toBe(RULE);
    const listed = new Set<string>();
    for (const part of RULE.slice(RULE.indexOf(' of ') + 4).split(' ')) {
      const range = /^(.)–(.)$/.exec(part);
      if (range === null) listed.add(part);
      else
        for (let c = (range[1] as string).charCodeAt(0); c <= (range[2] as string).charCodeAt(0); c++) listed.add(String.fromCharCode(c));
    }
    for (let code = 0; code < 0x250; code++) {
      const char = String.fromCharCode(code);
      expect(KEY_ID_PATTERN.test(char), `U+${code.toString(16)}`).toBe(listed.has(char));
    }
  });
});

describe('every entry point that takes a key id gives the same message', () => {
  const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
  const request = { method: 'GET', url: 'https://api.example.com/', headers: [] };
  const created = 1_700_000_000;
  const nonce = 'AAECAwQFBgcICQoLDA0ODw';
  const problem = `"client 1" has " " (U+0020) at character 7; ${RULE}`;

  const messageOf = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code: 'PARAMETER_INVALID' });
      return (error as Error).message;
    }
    return expect.unreachable();
  };

  it.each<[string, () => unknown]>([
    ['signRequest', () => signRequest({ request, key, keyId: 'client 1', created, nonce })],
    ['createRequestSigner', () => createRequestSigner({ key, keyId: 'client 1' })],
    [
      'signResponse',
      () => {
        const signed = signRequest({ request, key, keyId: 'client-1', created, nonce });
        const answered = { ...request, headers: Object.entries(signed.headers) };
        return signResponse({ response: { status: 200, headers: [] }, request: answered, key, keyId: 'client 1', created });
      },
    ],
  ])('%s', (_name, run) => {
    expect(messageOf(run)).toBe(`keyid ${problem}`);
  });

  it('a received keyid', () => {
    const signed = signRequest({ request, key, keyId: 'client-1', created, nonce });
    const headers = Object.entries(signed.headers).map(([n, v]): [string, string] => [
      n,
      v.replace('keyid="client-1"', 'keyid="client 1"'),
    ]);
    const verify = (fields: [string, string][]) => () =>
      verifyRequestSignature({ request: { ...request, headers: fields }, now: created, lookupKey: () => ({ key }) });
    expect(messageOf(verify(headers))).toBe(`keyid ${problem}`);
    const token = Object.entries(signed.headers).map(([n, v]): [string, string] => [n, v.replace('keyid="client-1"', 'keyid=client-1')]);
    expect(messageOf(verify(token))).toBe(`keyid must be a quoted string; ${RULE}`);
  });
});
