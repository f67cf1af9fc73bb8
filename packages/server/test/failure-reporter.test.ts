import { ConfigurationError, VerificationError } from '@signwire/core';
import { describe, expect, it } from 'vitest';
import { createFailureReporter, reportUnread } from '../src/failure-reporter.js';
import type { FailureDetails, ReceivedMessage } from '../src/verifier-types.js';

const message: ReceivedMessage = { method: 'POST', requestTarget: '/v1/orders?secret=1', headers: [], body: null };
const rejection = (): VerificationError => new VerificationError('SIGNATURE_INVALID', 'signature verification failed');

/** Details whose signature base records whether it was read. */
function details(reads: string[]): FailureDetails {
  return {
    method: 'POST',
    url: 'https://api.example.com/v1/orders',
    keyId: 'client-1',
    hint: 'a hint',
    get signatureBase() {
      reads.push('signatureBase');
      return '"@method": POST';
    },
  };
}

describe('createFailureReporter: onFailure hook, rejection log, debug details', () => {
  it('calls the hook, then logs one line with the path and not the query', () => {
    const seen: unknown[] = [];
    const lines: string[] = [];
    const reporter = createFailureReporter({ onFailure: (error) => seen.push(error), log: (line) => lines.push(line) });
    const error = rejection();
    reporter.onFailure(error, details([]), message);
    expect(seen).toEqual([error]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('POST /v1/orders');
    expect(lines[0]).not.toContain('secret=1');
  });

  it('logs even when the hook throws', () => {
    const lines: string[] = [];
    const reporter = createFailureReporter({
      onFailure: () => {
        throw new Error('hook failed');
      },
      log: (line) => lines.push(line),
    });
    expect(() => reporter.onFailure(rejection(), details([]), message)).toThrow('hook failed');
    expect(lines).toHaveLength(1);
  });

  it('does not log what is not a rejection (a key resolver outage)', () => {
    const lines: string[] = [];
    createFailureReporter({ log: (line) => lines.push(line) }).onFailure(new Error('outage'), details([]), message);
    expect(lines).toEqual([]);
  });

  it('reads the signature base only with debug, and keeps it for the rejection body', () => {
    const quiet: string[] = [];
    const plain = createFailureReporter({ log: false });
    const first = rejection();
    plain.onFailure(first, details(quiet), message);
    expect({ reads: quiet, details: plain.debugDetails(first) }).toEqual({ reads: [], details: undefined });

    const reads: string[] = [];
    const debugging = createFailureReporter({ debug: true, log: false });
    const second = rejection();
    debugging.onFailure(second, details(reads), message);
    expect({ reads, details: debugging.debugDetails(second) }).toEqual({
      reads: ['signatureBase'],
      details: { signatureBase: '"@method": POST', hint: 'a hint' },
    });
  });
});

describe('reportUnread', () => {
  it('reports a request whose body was consumed with its method and path, and survives a throwing hook', () => {
    const seen: [unknown, FailureDetails, ReceivedMessage][] = [];
    const error = new ConfigurationError('CONFIGURATION_INVALID', 'the body was consumed');
    reportUnread(
      (e, d, m) => seen.push([e, d, m]),
      error,
      new Request('https://api.example.com/v1/orders?x=1', { method: 'PUT' }),
      undefined,
    );
    expect(seen).toMatchObject([[error, { method: 'PUT', keyId: undefined }, { method: 'PUT', requestTarget: '/v1/orders' }]]);
    const throwing = () => {
      throw new Error('hook failed');
    };
    expect(() => reportUnread(throwing, error, new Request('https://api.example.com/'), undefined)).not.toThrow();
  });
});
