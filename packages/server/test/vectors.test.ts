// Every "kind": "verify" vector through createVerifier().verify (a Fetch Request). A few requests
// cannot be expressed as a Fetch Request at all (GET with a body; a field value Fetch refuses; a
// lower-case `post`, which Fetch upper-cases):
// those go through verifier.verifyMessage with the same raw parts, and are listed by id. A valid
// vector with a coded JSON or form body is refused by a server (CONTENT_ENCODING_UNSUPPORTED).
import { describe, expect, it } from 'vitest';
import { createVerifier, isSignwireError, type ReceivedMessage, type VerifiedRequest } from '../src/index.js';
import { bodyOf, loadVerifyCases, optionsFor, servedAsCodedParsedBody, splitVectorUrl, type VerifyCase } from './vector-cases.js';

const cases = loadVerifyCases();
const viaRawParts: string[] = [];

function toFetchRequest(c: VerifyCase): Request | undefined {
  const body = bodyOf(c);
  try {
    const request = new Request(c.request.url, {
      method: c.request.method,
      headers: c.request.headers,
      body: body.length > 0 ? new Uint8Array(body) : null,
    });
    // Fetch upper-cases `post` to `POST`: such a request is not expressible as a Fetch Request.
    return request.method === c.request.method ? request : undefined;
  } catch {
    return undefined;
  }
}

async function run(c: VerifyCase): Promise<VerifiedRequest> {
  const verifier = createVerifier(await optionsFor(c));
  const { target } = splitVectorUrl(c.request.url);
  const request = toFetchRequest(c);
  if (request !== undefined) return verifier.verify(request, { requestTarget: target });
  viaRawParts.push(c.id);
  const message: ReceivedMessage = { method: c.request.method, requestTarget: target, headers: c.request.headers, body: bodyOf(c) };
  return verifier.verifyMessage(message);
}

describe('verification vectors through verifier.verify', () => {
  it('has vectors to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const outcome = await run(c).then(
      (verified) => ({ verified }),
      (error: unknown) => ({ error }),
    );
    if (servedAsCodedParsedBody(c)) {
      // The profile accepts it; a server does not hand over coded JSON or form bytes parsed.
      expect((outcome as { error?: { code?: string } }).error?.code).toBe('CONTENT_ENCODING_UNSUPPORTED');
    } else if (c.expected.valid) {
      if ('error' in outcome) throw outcome.error;
      const { verified } = outcome;
      expect(verified.keyId).toBe(c.expected.keyid);
      expect(verified.created).toBe(c.expected.created);
      expect(verified.nonce).toBe(c.expected.nonce);
      expect(verified.covered).toEqual(c.expected.covered);
      expect(verified.signatureBase).toBe(c.expected.signature_base);
      expect(verified.body).toEqual(bodyOf(c));
    } else {
      expect('error' in outcome, 'expected a rejection').toBe(true);
      const error = (outcome as { error: unknown }).error;
      expect(isSignwireError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe(c.expected.error);
    }
  });

  it('lists the cases that cannot be a Fetch Request', () => {
    // Printed for the record; they still ran through the same verifier.
    if (viaRawParts.length > 0) console.info(`verified via raw parts (not expressible as a Fetch Request): ${viaRawParts.join(', ')}`);
    expect(viaRawParts.length).toBeLessThan(cases.length / 4);
  });
});
