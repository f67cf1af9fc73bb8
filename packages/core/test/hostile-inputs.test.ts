// Every public entry point, fed wrong-typed input from JavaScript callers, must throw a typed
// SignwireError (or succeed) — never a TypeError or RangeError from deep inside.
import { describe, expect, it } from 'vitest';
import * as corePublic from '../src/index.js';
import * as coreInternal from '../src/internal.js';

const core = { ...corePublic, ...coreInternal };

const key = core.importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('proxy trap');
    },
    ownKeys() {
      throw new Error('proxy trap');
    },
  },
);
const HOSTILE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['0', 0],
  ['NaN', Number.NaN],
  ['empty string', ''],
  ['huge string', 'x'.repeat(100_000)],
  ['object', {}],
  ['array', []],
  ['symbol', Symbol('s')],
  ['fake Uint8Array', { constructor: { name: 'Uint8Array' }, length: 3, 0: 1 }],
  ['throwing proxy', throwingProxy],
];

const request = { method: 'GET', url: 'https://api.example.com/', headers: [] };
const signInput = { request, key, keyId: 'client-1', created: 1_700_000_000, nonce: 'AAECAwQFBgcICQoLDA0ODw' };
const verifyInput = { request, now: 1_700_000_000, lookupKey: () => undefined };
const issuedFields = { masterId: 'm2026', subject: 'user-8412', issuedAt: 1_700_000_000, expires: 1_700_000_900 };

const ENTRY_POINTS: [string, (value: unknown) => unknown][] = [
  ['importSecret', (v) => core.importSecret(v as never)],
  ['signRequest(input)', (v) => core.signRequest(v as never)],
  ['signRequest(request)', (v) => core.signRequest({ ...signInput, request: v as never })],
  ['signRequest(request.method)', (v) => core.signRequest({ ...signInput, request: { ...request, method: v as never } })],
  ['signRequest(request.url)', (v) => core.signRequest({ ...signInput, request: { ...request, url: v as never } })],
  ['signRequest(request.headers)', (v) => core.signRequest({ ...signInput, request: { ...request, headers: v as never } })],
  ['signRequest(request.body)', (v) => core.signRequest({ ...signInput, request: { ...request, body: v as never } })],
  ['signRequest(key)', (v) => core.signRequest({ ...signInput, key: v as never })],
  ['signRequest(created)', (v) => core.signRequest({ ...signInput, created: v as never })],
  ['signRequest(components)', (v) => core.signRequest({ ...signInput, components: v as never })],
  ['signRequest(components[0])', (v) => core.signRequest({ ...signInput, components: [v as never] })],
  ['verifyRequestSignature(input)', (v) => core.verifyRequestSignature(v as never)],
  ['verifyRequestSignature(request)', (v) => core.verifyRequestSignature({ ...verifyInput, request: v as never })],
  ['verifyRequestSignature(headers)', (v) => core.verifyRequestSignature({ ...verifyInput, request: { ...request, headers: v as never } })],
  ['verifyRequestSignature(policy)', (v) => core.verifyRequestSignature({ ...verifyInput, policy: v as never })],
  ['createContentDigest', (v) => core.createContentDigest(v as never)],
  ['verifyContentDigest(field)', (v) => core.verifyContentDigest(v as never, new Uint8Array(0))],
  ['parseContentDigest', (v) => core.parseContentDigest(v as never)],
  ['selectSignature', (v) => core.selectSignature(v as never, v as never, 'sig1')],
  ['serializeTargetUrl', (v) => core.serializeTargetUrl(v as never)],
  ['splitTargetUrl', (v) => core.splitTargetUrl(v as never)],
  ['normalizeMethod', (v) => core.normalizeMethod(v as never)],
  ['canonicalJson', (v) => core.canonicalJson(v)],
  ['describeKeyIdProblem', (v) => core.describeKeyIdProblem('keyId', v)],
  ['formatIssuedKeyId', (v) => core.formatIssuedKeyId(v as never)],
  ['formatIssuedKeyId(subject)', (v) => core.formatIssuedKeyId({ ...issuedFields, subject: v as never })],
  ['formatIssuedKeyId(expires)', (v) => core.formatIssuedKeyId({ ...issuedFields, expires: v as never })],
  ['parseIssuedKeyId', (v) => core.parseIssuedKeyId(v as never)],
  ['describeIssuedKeyFieldProblem', (v) => core.describeIssuedKeyFieldProblem('subject', v, 64)],
  ['checkRevocation', (v) => core.checkRevocation('swk1:m:s:0:1', { subject: 's', issuedAt: 0 }, v)],
];

describe.each(ENTRY_POINTS)('%s', (_name, call) => {
  it.each(HOSTILE)('%s → result or SignwireError', (_label, value) => {
    try {
      call(value);
    } catch (error) {
      expect(core.isSignwireError(error), `threw ${String(error)}`).toBe(true);
    }
  });
});
