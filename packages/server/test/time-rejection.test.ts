import { importSecret, VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { expiredWhileWaiting, isTimeRejection, noteTimeRejection } from '../src/time-rejection.js';
import { NOW, OTHER_SECRET, SECRET, type SignOptions, sign } from './helpers.js';
import { testPipeline } from './pipeline-fixture.js';

/** The parts of a request signed long ago, as the pipeline sees them. */
function oldRequest(options: Pick<SignOptions, 'keyId' | 'secret'> = {}) {
  const parts = sign({ created: NOW - 3600, body: '{}', ...options });
  return { request: { method: parts.method, url: parts.url, headers: parts.headers }, body: parts.body ?? new Uint8Array(0) };
}

const expired = (): VerificationError => new VerificationError('SIGNATURE_EXPIRED', 'the signature expired');

describe('isTimeRejection', () => {
  it('is true for SIGNATURE_EXPIRED and SIGNATURE_FROM_FUTURE only', () => {
    expect(isTimeRejection(expired())).toBe(true);
    expect(isTimeRejection(new VerificationError('SIGNATURE_FROM_FUTURE', 'future'))).toBe(true);
    expect(isTimeRejection(new VerificationError('SIGNATURE_INVALID', 'signature verification failed'))).toBe(false);
    expect(isTimeRejection(new Error('SIGNATURE_EXPIRED'))).toBe(false);
  });
});

describe('noteTimeRejection: only an authentic signature with a valid, confirmed key may get a signed answer', () => {
  it('notes the parsed signature and the key of an expired request', async () => {
    const pipeline = testPipeline();
    const error = expired();
    const { request, body } = oldRequest();
    await noteTimeRejection(error, request, body, pipeline);
    expect(pipeline.timeRejections).toHaveLength(1);
    expect(pipeline.timeRejections[0]?.[0]).toBe(error);
    expect(pipeline.timeRejections[0]?.[1].pending.params.keyid).toBe('client-1');
  });

  it('notes nothing for a MAC that does not verify (same key id, other secret)', async () => {
    const pipeline = testPipeline();
    const { request, body } = oldRequest({ secret: OTHER_SECRET });
    await noteTimeRejection(expired(), request, body, pipeline);
    expect(pipeline.timeRejections).toEqual([]);
  });

  it("notes nothing when the key's confirm refuses it (a revoked issued key) or fails, and confirms after the MAC", async () => {
    const refuse = () => {
      throw new VerificationError('KEY_REVOKED', 'revoked');
    };
    for (const [confirm, noted] of [
      [() => {}, 1],
      [refuse, 0],
      [async () => refuse(), 0],
      [async () => Promise.reject(new Error('store down')), 0],
    ] as const) {
      let asked = 0;
      const pipeline = testPipeline({
        lookupKey: async () => ({
          key: importSecret(SECRET),
          confirm: () => {
            asked++;
            return confirm();
          },
        }),
      });
      const forged = oldRequest({ secret: OTHER_SECRET });
      await noteTimeRejection(expired(), forged.request, forged.body, pipeline);
      expect(asked).toBe(0);
      const { request, body } = oldRequest();
      await noteTimeRejection(expired(), request, body, pipeline);
      expect(asked).toBe(1);
      expect(pipeline.timeRejections).toHaveLength(noted);
    }
  });

  it('notes nothing for an unknown key', async () => {
    const pipeline = testPipeline();
    const { request, body } = oldRequest({ keyId: 'stranger' });
    await noteTimeRejection(expired(), request, body, pipeline);
    expect(pipeline.timeRejections).toEqual([]);
  });

  it('notes nothing for a request that does not parse, and does not throw', async () => {
    const pipeline = testPipeline();
    const request = {
      method: 'POST',
      url: 'https://api.example.com/v1/orders',
      headers: [['signature-input', 'garbage']] as [string, string][],
    };
    await expect(noteTimeRejection(expired(), request, new Uint8Array(0), pipeline)).resolves.toBeUndefined();
    expect(pipeline.timeRejections).toEqual([]);
  });
});

describe('expiredWhileWaiting', () => {
  it('is SIGNATURE_EXPIRED naming the wait, and noted as a time rejection of an authentic request', async () => {
    const pipeline = testPipeline();
    const key = importSecret({ hex: '00'.repeat(32) });
    const pending = { params: { keyid: 'client-1' } } as never;
    const error = await expiredWhileWaiting('its nonce was recorded', pending, key, pipeline);
    expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED', message: 'the signature expired while its nonce was recorded' });
    expect(pipeline.timeRejections).toEqual([[error, { pending, key }]]);
  });

  it('runs the confirm of a key not confirmed yet: noted when it accepts, not when it refuses or fails', async () => {
    const key = importSecret({ hex: '00'.repeat(32) });
    const pending = { params: { keyid: 'client-1' } } as never;
    const refuse = () => {
      throw new VerificationError('KEY_REVOKED', 'revoked');
    };
    for (const [confirm, noted] of [
      [() => {}, 1],
      [async () => {}, 1],
      [refuse, 0],
      [async () => refuse(), 0],
      [async () => Promise.reject(new Error('store down')), 0],
    ] as const) {
      const pipeline = testPipeline();
      const error = await expiredWhileWaiting('its key was looked up', pending, key, pipeline, { key, confirm });
      expect(error).toMatchObject({ code: 'SIGNATURE_EXPIRED' });
      expect(pipeline.timeRejections).toHaveLength(noted);
    }
  });
});
