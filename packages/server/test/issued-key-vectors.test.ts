// Every "kind": "issued-key" vector through createKeyIssuer: issue cases through issuer.issue(), and
// verification cases through createVerifier({ keys: [issuer, staticKeys] }).verify (a Fetch Request),
// with revokedBefore answering synchronously and, a second time, with a promise. Expected values were
// computed by the Python reference (test-vectors/python), not by this code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeyIssuer, createVerifier, isSignwireError, type KeySource, type MasterKeyInput } from '../src/index.js';
import { bodyOf, optionsFor, splitVectorUrl, type VectorKey, type VerifyCase } from './vector-cases.js';

interface VectorMaster {
  base64?: string;
  base64url?: string;
  hex?: string;
  retired?: boolean;
}
interface VectorIssuer {
  masters: Record<string, VectorMaster>;
  current?: string;
  max_ttl: number;
}
interface IssueCase {
  id: string;
  issuer: VectorIssuer;
  issue: { master: string; subject: string; issued_at: number; expires: number };
  expected: { keyid: string; secret: { base64url: string } } | { error: string };
}
type IssuedVerifyCase = VerifyCase & {
  issuer: VectorIssuer;
  keys?: Record<string, VectorKey>;
  revoked?: Record<string, number>;
  expected: VerifyCase['expected'] & { subject?: string | null };
};

const file = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../test-vectors/vectors/issued-keys.json', import.meta.url)), 'utf8'),
) as {
  kind: string;
  groups: { cases: (IssueCase | IssuedVerifyCase)[] }[];
};
const cases = file.groups.flatMap((group) => group.cases);
const issueCases = cases.filter((c): c is IssueCase => 'issue' in c);
const verifyCases = cases.filter((c): c is IssuedVerifyCase => !('issue' in c));

function masterKeys(issuer: VectorIssuer): Record<string, MasterKeyInput> {
  return Object.fromEntries(
    Object.entries(issuer.masters).map(([id, { retired, ...secret }]) => [id, { secret: secret as { base64: string }, retired }]),
  );
}

function outcome<T>(run: () => T): { value: T } | { code: string } {
  try {
    return { value: run() };
  } catch (error) {
    if (!isSignwireError(error)) throw error;
    return { code: error.code };
  }
}

describe('issued-key vectors: issuing through createKeyIssuer', () => {
  it('has issue cases', () => expect(issueCases.length).toBeGreaterThanOrEqual(20));

  it.each(issueCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { master, subject, issued_at: issuedAt, expires } = c.issue;
    const result = outcome(() =>
      createKeyIssuer({
        masterKeys: masterKeys(c.issuer),
        currentMaster: master,
        maxTtlSeconds: c.issuer.max_ttl,
        ttlSeconds: 1,
        now: () => issuedAt,
      }).issue(subject, { ttlSeconds: expires - issuedAt }),
    );
    if ('error' in c.expected) {
      expect(result).toEqual({ code: c.expected.error });
    } else {
      expect(result).toEqual({ value: { keyId: c.expected.keyid, secret: c.expected.secret, expires } });
    }
  });
});

describe.each([
  ['synchronous', (time: number | undefined) => time],
  ['asynchronous', (time: number | undefined) => new Promise<number | undefined>((resolve) => setTimeout(() => resolve(time), 1))],
] as const)('issued-key vectors: verifying through createVerifier, revokedBefore %s', (_name, answer) => {
  it('has verification cases', () => expect(verifyCases.length).toBeGreaterThanOrEqual(30));

  it.each(verifyCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const base = await optionsFor({ ...c, keys: c.keys ?? {} });
    const masters = Object.entries(c.issuer.masters);
    const revoked = c.revoked ?? {};
    const issuer = createKeyIssuer({
      masterKeys: masterKeys(c.issuer),
      currentMaster: c.issuer.current ?? (masters.find(([, m]) => m.retired !== true)?.[0] as string),
      maxTtlSeconds: c.issuer.max_ttl,
      ttlSeconds: 1,
      revokedBefore: (subject) => answer(Object.hasOwn(revoked, subject) ? revoked[subject] : undefined),
    });
    const keys: KeySource = Object.keys(c.keys ?? {}).length === 0 ? issuer : [issuer, base.keys as ReadonlyMap<string, never>];
    const verifier = createVerifier({ ...base, keys });
    const body = bodyOf(c);
    const request = new Request(c.request.url, {
      method: c.request.method,
      headers: c.request.headers,
      body: body.length > 0 ? new Uint8Array(body) : null,
    });
    const result = await verifier.verify(request, { requestTarget: splitVectorUrl(c.request.url).target }).then(
      (verified) => ({ verified }),
      (error: unknown) => ({ error }),
    );
    if (c.expected.valid) {
      if ('error' in result) throw result.error;
      expect({
        keyId: result.verified.keyId,
        subject: result.verified.subject ?? null,
        signatureBase: result.verified.signatureBase,
      }).toEqual({
        keyId: c.expected.keyid,
        subject: c.expected.subject,
        signatureBase: c.expected.signature_base,
      });
    } else {
      expect('error' in result && isSignwireError(result.error) ? result.error.code : result).toBe(c.expected.error);
    }
  });
});
