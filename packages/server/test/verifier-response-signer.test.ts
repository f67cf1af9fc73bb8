import type { VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import type { TimeRejection } from '../src/pipeline.js';
import { createResponseSignerFor } from '../src/verifier-response-signer.js';
import { verifyMessage } from '../src/verify-message.js';
import { NOW, OTHER_SECRET, sign } from './helpers.js';
import { testPipeline } from './pipeline-fixture.js';

const response = {
  status: 200,
  headers: [['content-type', 'application/json']] as [string, string][],
  body: new TextEncoder().encode('{"ok":true}'),
};

function received(options: Parameters<typeof sign>[0] = {}) {
  const parts = sign({ body: '{"sku":"A-1"}', ...options });
  return {
    method: parts.method,
    requestTarget: parts.url.slice('https://api.example.com'.length),
    headers: parts.headers,
    body: parts.body ?? new Uint8Array(0),
  };
}

/** A pipeline whose time rejections go to the map the signer reads, as createVerifier wires it. */
function wired() {
  const timeRejections = new WeakMap<object, TimeRejection>();
  const pipeline = testPipeline({ onTimeRejection: (error, rejected) => timeRejections.set(error, rejected) });
  return { pipeline, signerFor: createResponseSignerFor(pipeline, timeRejections) };
}

describe('createResponseSignerFor: which answers are signed (docs/spec.md §15)', () => {
  it('signs the answer to a request its pipeline verified', async () => {
    const { pipeline, signerFor } = wired();
    const verified = await verifyMessage(received(), pipeline);
    const headers = signerFor(verified, [])?.(response);
    expect(headers).toMatchObject({ 'signature-input': expect.stringContaining('keyid="client-1"'), signature: expect.any(String) });
  });

  it("has no signer for another pipeline's result or a copy", async () => {
    const { signerFor } = wired();
    const verified = await verifyMessage(received(), testPipeline());
    expect(signerFor(verified, [])).toBeUndefined();
    expect(signerFor({ ...verified }, [])).toBeUndefined();
  });

  it('signs a time rejection of an authentic request, and not one whose MAC fails', async () => {
    const { pipeline, signerFor } = wired();
    const stale = await verifyMessage(received({ created: NOW - 3600 }), pipeline).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    expect(signerFor(stale as VerificationError, [])).toBeTypeOf('function');
    const forged = await verifyMessage(received({ created: NOW - 3600, secret: OTHER_SECRET }), pipeline).catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
    expect(signerFor(forged as VerificationError, [])).toBeUndefined();
  });

  it('has no signer for any other rejection', async () => {
    const { pipeline, signerFor } = wired();
    const forged = await verifyMessage(received({ secret: OTHER_SECRET }), pipeline).catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(signerFor(forged as VerificationError, [])).toBeUndefined();
  });
});
