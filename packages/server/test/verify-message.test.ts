// The composition of docs/spec.md §9 over a received message: each step's own rules are tested with
// its module; here, the order of the steps and what each failure leaves behind.
import { describe, expect, it } from 'vitest';
import type { NonceEntry } from '../src/nonce-store.js';
import type { ReceivedMessage } from '../src/verifier-types.js';
import { verifyMessage } from '../src/verify-message.js';
import { NOW, OTHER_SECRET, sign } from './helpers.js';
import { testPipeline } from './pipeline-fixture.js';

function received(options: Parameters<typeof sign>[0] = {}, extra: [string, string][] = []): ReceivedMessage {
  const parts = sign({ body: '{"sku":"A-1"}', ...options });
  return {
    method: parts.method,
    requestTarget: parts.url.slice('https://api.example.com'.length),
    headers: [...parts.headers, ...extra],
    body: parts.body ?? new Uint8Array(0),
  };
}

/** A pipeline whose replay store records what reaches it. */
function recording() {
  const recorded: NonceEntry[] = [];
  const pipeline = testPipeline({
    nonceStore: {
      checkAndRemember: async (entry) => {
        recorded.push(entry);
        return true;
      },
    },
  });
  return { pipeline, recorded };
}

describe('verifyMessage: the steps of docs/spec.md §9 in order', () => {
  it('verifies, records the nonce once, and reports nothing', async () => {
    const { pipeline, recorded } = recording();
    const verified = await verifyMessage(received(), pipeline);
    expect(verified).toMatchObject({ keyId: 'client-1', json: { sku: 'A-1' } });
    expect({ recorded: recorded.length, failures: pipeline.failures }).toEqual({ recorded: 1, failures: [] });
  });

  it('framing (step 2) before presence (step 3): an unsigned request with two Content-Length lines is FRAMING_AMBIGUOUS', async () => {
    const message: ReceivedMessage = {
      method: 'POST',
      requestTarget: '/v1/orders',
      headers: [
        ['content-length', '2'],
        ['content-length', '2'],
      ],
      body: new Uint8Array(2),
    };
    await expect(verifyMessage(message, testPipeline())).rejects.toMatchObject({ code: 'FRAMING_AMBIGUOUS' });
  });

  it('the request target before the signature: an absolute-form target is URL_INVALID', async () => {
    await expect(
      verifyMessage({ ...received(), requestTarget: 'https://api.example.com/v1/orders' }, testPipeline()),
    ).rejects.toMatchObject({ code: 'URL_INVALID' });
  });

  it('the key (step 9) before the MAC: an unknown key id is KEY_UNKNOWN, whatever the MAC', async () => {
    await expect(verifyMessage(received({ keyId: 'stranger', secret: OTHER_SECRET }), testPipeline())).rejects.toMatchObject({
      code: 'KEY_UNKNOWN',
    });
  });

  it.each([
    ['a wrong MAC (step 11)', received({ secret: OTHER_SECRET }), 'SIGNATURE_INVALID'],
    ['a JSON body with a duplicate member (step 12)', received({ body: '{"a":1,"a":2}' }), 'JSON_DUPLICATE_MEMBER'],
  ])('records no nonce for %s, and reports the failure', async (_what, message, code) => {
    const { pipeline, recorded } = recording();
    await expect(verifyMessage(message, pipeline)).rejects.toMatchObject({ code });
    expect(recorded).toEqual([]);
    expect(pipeline.failures).toMatchObject([{ code }]);
  });

  it('replay (step 13) last: the same request twice is NONCE_REPLAYED the second time', async () => {
    const pipeline = testPipeline();
    const message = received();
    await verifyMessage(message, pipeline);
    await expect(verifyMessage(message, pipeline)).rejects.toMatchObject({ code: 'NONCE_REPLAYED' });
  });

  it('requireExpires: a signature without expires is PARAMETER_MISSING before its key is looked up', async () => {
    const pipeline = testPipeline({ requireExpires: true, lookupKey: () => Promise.reject(new Error('not asked')) });
    await expect(verifyMessage(received(), pipeline)).rejects.toMatchObject({ code: 'PARAMETER_MISSING' });
    await expect(verifyMessage(received({ expires: NOW + 60 }), pipeline)).rejects.toThrow('not asked');
  });
});
