// Every signing vector in test-vectors/vectors/*.json ("kind": "sign"), run through the public client
// API: createSigner with an injected clock (created × 1000 ms) and nonce, then signSync and sign.
// Errors must carry the vector's code. One documented mapping: createSigner reports an invalid keyid or
// expiry (signer options) as CONFIGURATION_INVALID whose cause is core's PARAMETER_INVALID.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isSignwireError, type SecretInput } from '@signwire/core';
import { fromBase64, toBase64, utf8 } from '@signwire/core/internal';
import { describe, expect, it } from 'vitest';
import { createSigner, extraComponents, jsonBody, nobleHashes, type SignatureHeaders } from '../src/index.js';
import { fixedClock, fixedNonce } from '../src/testing.js';

type VectorBody = { text: string } | { base64: string } | { json: unknown } | { json_text: string };
/** A component identifier as the vectors write it: `params` are ordered `[name, value]` pairs. */
type VectorComponent = string | { name: string; params?: [string, string | boolean | number][] };
interface SignInput {
  key: SecretInput;
  keyid: string;
  method: string;
  url: string;
  headers?: [string, string][];
  body?: VectorBody | null;
  created: number;
  expires?: number;
  nonce: string;
  label?: string;
  components?: VectorComponent[];
}
type Expected =
  | { error: string }
  | {
      body_base64?: string;
      content_digest?: string;
      covered: string[];
      signature_base: string;
      signature_input: string;
      signature: string;
    };
interface SignCase {
  id: string;
  comment: string;
  input: SignInput;
  expected: Expected;
}

const VECTORS_DIR = fileURLToPath(new URL('../../../test-vectors/vectors/', import.meta.url));
const files = readdirSync(VECTORS_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({
    name,
    data: JSON.parse(readFileSync(VECTORS_DIR + name, 'utf8')) as { kind: string; groups: { cases: SignCase[] }[] },
  }))
  .filter((file) => file.data.kind === 'sign');

/** The body as the application hands it to the client: text, bytes, or a JSON value via jsonBody. */
function bodyOf(body: VectorBody | null | undefined): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if ('text' in body) return body.text;
  if ('base64' in body) return fromBase64(body.base64) ?? expect.unreachable(`bad base64 in vector: ${body.base64}`);
  if ('json_text' in body) return jsonBody(JSON.parse(body.json_text)).body;
  return jsonBody(body.json).body;
}

/** The identifier as the client takes it: the ordered pairs become an object with members in that order. */
function componentOf(spec: VectorComponent): string | { name: string; params?: Record<string, string | boolean | number> } {
  if (typeof spec === 'string' || spec.params === undefined) return spec as string | { name: string };
  return { name: spec.name, params: Object.fromEntries(spec.params) };
}

type Outcome = { headers: SignatureHeaders; body: string | Uint8Array | undefined } | { error: unknown };

function run(input: SignInput, mode: 'sync' | 'async'): Outcome | Promise<Outcome> {
  try {
    const signer = createSigner({
      keyId: input.keyid,
      secret: input.key, // { base64 } / { base64url } / { hex }: the client's SecretInput as is
      now: fixedClock(input.created * 1000),
      nonce: fixedNonce(input.nonce),
      expiresInSeconds: input.expires === undefined ? undefined : input.expires - input.created,
      label: input.label,
      components: input.components === undefined ? undefined : extraComponents(input.components.map(componentOf)),
      ...(mode === 'sync' ? { hashes: nobleHashes } : {}),
    });
    const body = bodyOf(input.body);
    const request = { method: input.method, url: input.url, headers: input.headers ?? [], body };
    if (mode === 'sync') return { headers: signer.signSync(request), body };
    return signer.sign(request).then(
      (headers) => ({ headers, body }),
      (error: unknown) => ({ error }),
    );
  } catch (error) {
    return { error };
  }
}

function check(outcome: Outcome, expected: Expected): void {
  if ('error' in expected) {
    if (!('error' in outcome)) throw new Error(`expected ${expected.error}, but the request was signed`);
    const { error } = outcome;
    if (!isSignwireError(error)) throw error;
    const cause = (error as { cause?: unknown }).cause;
    const viaConfiguration = error.code === 'CONFIGURATION_INVALID' && isSignwireError(cause) && cause.code === expected.error;
    expect(viaConfiguration ? expected.error : error.code).toBe(expected.error);
    return;
  }
  if ('error' in outcome) throw outcome.error;
  const { headers, body } = outcome;
  expect(headers['signature-input']).toBe(expected.signature_input);
  expect(headers.signature).toBe(expected.signature);
  expect(headers['content-digest']).toBe(expected.content_digest);
  const bytes = typeof body === 'string' ? utf8(body) : body;
  expect(bytes === undefined || bytes.length === 0 ? undefined : toBase64(bytes)).toBe(expected.body_base64);
}

describe('signing vectors through the client API', () => {
  it('finds signing vectors (test-vectors/vectors/*.json)', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const { name, data } of files) {
    describe(name, () => {
      const cases = data.groups.flatMap((group) => group.cases);
      it.each(cases.map((c) => [c.id, c] as const))('%s', async (_, testCase) => {
        check(run(testCase.input, 'sync') as Outcome, testCase.expected);
        check(await run(testCase.input, 'async'), testCase.expected);
      });
    });
  }
});
