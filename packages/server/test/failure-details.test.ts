import { VerificationError } from '@signwire/core';
import { parseSignature, resolvePolicy } from '@signwire/core/internal';
import { describe, expect, it, vi } from 'vitest';
import { failureDetails, reportFailure } from '../src/failure-details.js';
import type { FailureDetails, ReceivedMessage } from '../src/verifier-types.js';
import { NOW, sign } from './helpers.js';
import { testPipeline } from './pipeline-fixture.js';

function pendingOf() {
  const parts = sign({ body: '{}' });
  const request = { method: parts.method, url: parts.url, headers: parts.headers };
  return parseSignature(request, parts.body ?? new Uint8Array(0), resolvePolicy({}), NOW);
}

const message: ReceivedMessage = { method: 'POST', requestTarget: '/v1/orders', headers: [['host', 'api.example.com']], body: null };

describe('failureDetails: what onFailure sees', () => {
  it('names the method, URL, key id and hint', () => {
    const details = failureDetails(pendingOf(), 'POST', 'https://api.example.com/v1/orders', 'a hint');
    expect({ ...details, signatureBase: undefined }).toEqual({
      method: 'POST',
      url: 'https://api.example.com/v1/orders',
      keyId: 'client-1',
      hint: 'a hint',
      signatureBase: undefined,
    });
  });

  it('builds the signature base only when read, and at most once (a forged request costs nothing unless someone looks)', () => {
    const pending = pendingOf();
    let reads = 0;
    // The same parsed signature, counting how often its covered components are taken for a base.
    const counted = new Proxy(pending, {
      get: (target, name, receiver) => {
        if (name === 'components') reads += 1;
        return Reflect.get(target, name, receiver);
      },
    });
    const details = failureDetails(counted, 'POST', undefined, undefined);
    expect(reads).toBe(0);
    void details.signatureBase;
    const afterFirst = reads;
    void details.signatureBase;
    expect({ afterFirst, afterSecond: reads }).toEqual({ afterFirst: 1, afterSecond: 1 });
  });

  it('gives the base the server computed', () => {
    expect(failureDetails(pendingOf(), 'POST', undefined, undefined).signatureBase).toMatch(
      /^"@method": POST\n[\s\S]*\n"@signature-params": \(/,
    );
  });

  it('has no signature base before the signature was parsed', () => {
    expect(failureDetails(undefined, 'GET', undefined, undefined)).toMatchObject({ keyId: undefined, signatureBase: undefined });
  });
});

describe('reportFailure', () => {
  it('asks for the origin hint only for SIGNATURE_INVALID', () => {
    const originHint = vi.fn(() => 'sent to another host');
    const seen: FailureDetails[] = [];
    const pipeline = testPipeline({ originHint, onFailure: (_error, details) => seen.push(details) });
    reportFailure(pipeline, new VerificationError('NONCE_MISSING', 'no nonce'), message, undefined, undefined, () => []);
    reportFailure(
      pipeline,
      new VerificationError('SIGNATURE_INVALID', 'signature verification failed'),
      message,
      undefined,
      undefined,
      () => [],
    );
    expect(originHint).toHaveBeenCalledTimes(1);
    expect(seen.map((details) => details.hint)).toEqual([undefined, 'sent to another host']);
  });

  it('survives a hook that throws', () => {
    const pipeline = testPipeline({
      onFailure: () => {
        throw new Error('hook failed');
      },
    });
    expect(() => reportFailure(pipeline, new Error('x'), message, undefined, undefined, () => [])).not.toThrow();
  });
});
