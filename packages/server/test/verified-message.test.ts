import { describe, expect, it } from 'vitest';
import { verifiedKey } from '../src/verified-message.js';
import { verifyMessage } from '../src/verify-message.js';
import { sign } from './helpers.js';
import { testPipeline } from './pipeline-fixture.js';

async function verifiedBy(pipeline: ReturnType<typeof testPipeline>) {
  const parts = sign({ body: '{"sku":"A-1"}' });
  return verifyMessage(
    {
      method: parts.method,
      requestTarget: parts.url.slice('https://api.example.com'.length),
      headers: parts.headers,
      body: parts.body ?? new Uint8Array(0),
    },
    pipeline,
  );
}

describe('VerifiedMessage: the verified request keeps its key for signing the response, privately', () => {
  it('gives the key to the pipeline that verified it', async () => {
    const pipeline = testPipeline();
    const verified = await verifiedBy(pipeline);
    expect(verifiedKey(verified, pipeline)).toBeInstanceOf(Object);
  });

  it("gives no key to another verifier's pipeline, to a copy, or to a hand-made object", async () => {
    const pipeline = testPipeline();
    const verified = await verifiedBy(pipeline);
    expect(verifiedKey(verified, testPipeline())).toBeUndefined();
    expect(verifiedKey({ ...verified }, pipeline)).toBeUndefined();
    expect(verifiedKey({ keyId: 'client-1' }, pipeline)).toBeUndefined();
  });

  it('shows the key neither as a property nor in JSON', async () => {
    const verified = await verifiedBy(testPipeline());
    expect(Object.keys(verified)).not.toContain('key');
    expect(JSON.stringify({ ...verified, body: undefined })).not.toMatch(/"key"/);
    expect(verified).toMatchObject({ keyId: 'client-1', json: { sku: 'A-1' }, subject: undefined });
  });
});
