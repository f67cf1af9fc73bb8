import { importSecret, VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import type { TimeRejection } from '../src/pipeline.js';
import { createResponseSignerFor } from '../src/verifier-response-signer.js';
import { verifyMessage } from '../src/verify-message.js';
import { NOW, OTHER_SECRET, SECRET, sign } from './helpers.js';
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

  describe('a key that has a confirm hook (an issued key: revocation, docs/spec.md §16.5 step 6)', () => {
    /** A pipeline whose key client-1 is confirmed by `confirm`, found after `lookup` ran. */
    function withConfirm(confirm: () => void | Promise<void>, lookup: () => void = () => {}, now = () => NOW) {
      const timeRejections = new WeakMap<object, TimeRejection>();
      const pipeline = testPipeline({
        now,
        lookupKey: async (keyId) => {
          lookup();
          return keyId === 'client-1' ? { key: importSecret(SECRET), confirm } : undefined;
        },
        onTimeRejection: (error, rejected) => timeRejections.set(error, rejected),
      });
      return { pipeline, signerFor: createResponseSignerFor(pipeline, timeRejections) };
    }
    const revoked = () => {
      throw new VerificationError('KEY_REVOKED', 'revoked');
    };

    it('signs a time rejection only when the key is confirmed, and confirms only after the MAC verified', async () => {
      let asked = 0;
      const { pipeline, signerFor } = withConfirm(() => void asked++);
      const forged = await verifyMessage(received({ created: NOW - 3600, secret: OTHER_SECRET }), pipeline).catch((e: unknown) => e);
      expect(forged).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
      expect(asked).toBe(0);
      expect(signerFor(forged as VerificationError, [])).toBeUndefined();
      const stale = await verifyMessage(received({ created: NOW - 3600 }), pipeline).catch((e: unknown) => e);
      expect(asked).toBe(1);
      expect(signerFor(stale as VerificationError, [])).toBeTypeOf('function');
    });

    it.each([
      ['throws KEY_REVOKED', revoked],
      ['rejects with KEY_REVOKED', async () => revoked()],
      ['fails (a store outage)', async () => Promise.reject(new Error('store down'))],
    ])('leaves a time rejection unsigned when confirm %s', async (_label, confirm) => {
      const { pipeline, signerFor } = withConfirm(confirm);
      for (const created of [NOW - 3600, NOW + 3600]) {
        const error = await verifyMessage(received({ created }), pipeline).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: created < NOW ? 'SIGNATURE_EXPIRED' : 'SIGNATURE_FROM_FUTURE' });
        expect(signerFor(error as VerificationError, [])).toBeUndefined();
      }
    });

    it('leaves unsigned a window that closed while the key was looked up, when confirm refuses the key', async () => {
      let clock = NOW;
      const late = () => {
        clock = NOW + 301; // past the 300 s maximum age of a request created at NOW
      };
      const refused = withConfirm(revoked, late, () => clock);
      const error = await verifyMessage(received({ created: NOW }), refused.pipeline).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED', message: 'the signature expired while its key was looked up' });
      expect(refused.signerFor(error as VerificationError, [])).toBeUndefined();
      clock = NOW;
      const accepted = withConfirm(
        () => {},
        late,
        () => clock,
      );
      const signedError = await verifyMessage(received({ created: NOW }), accepted.pipeline).catch((e: unknown) => e);
      expect(signedError).toMatchObject({ code: 'SIGNATURE_EXPIRED', message: 'the signature expired while its key was looked up' });
      expect(accepted.signerFor(signedError as VerificationError, [])).toBeTypeOf('function');
    });
  });
});
