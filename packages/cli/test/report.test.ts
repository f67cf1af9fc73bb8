// The verification report against every verification vector: the same verdict and code as the
// expected values (computed by the independent Python implementation), the same signature base for
// valid requests, and each failure at the step of docs/spec.md §9 that raises it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSecret, type SecretInput } from '@signwire/core';
import { fromBase64 } from '@signwire/core/internal';
import { describe, expect, it } from 'vitest';
import { CHECKS, createVerificationReport, type VerificationReport, type VerificationReportInput } from '../src/verify/report.js';

const VECTORS = join(import.meta.dirname, '../../../test-vectors/vectors');

interface VerifyCase {
  id: string;
  keys: Record<string, { base64?: string; base64url?: string; hex?: string; not_before?: number; not_after?: number; retired?: boolean }>;
  now: number;
  policy?: {
    max_age?: number;
    clock_skew?: number;
    max_body_bytes?: number;
    label?: string;
    tag?: string;
    required?: string[];
    allow_json_prototype_members?: boolean;
  };
  seen_nonces?: [string, string][];
  request: { method: string; url: string; headers: [string, string][]; body_base64?: string };
  expected: { valid: true; signature_base: string } | { valid: false; error: string };
}

const cases: VerifyCase[] = readdirSync(VECTORS)
  .map((file) => JSON.parse(readFileSync(join(VECTORS, file), 'utf8')))
  .filter((doc) => doc.kind === 'verify')
  .flatMap((doc) => doc.groups.flatMap((group: { cases: VerifyCase[] }) => group.cases));

function reportInput(testCase: VerifyCase): VerificationReportInput {
  const seen = new Set((testCase.seen_nonces ?? []).map(([keyId, nonce]) => `${keyId}\n${nonce}`));
  const { policy = {}, request } = testCase;
  return {
    request: {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body_base64 === undefined ? undefined : fromBase64(request.body_base64),
    },
    now: testCase.now,
    lookupKey: (keyId) => {
      const entry = Object.hasOwn(testCase.keys, keyId) ? testCase.keys[keyId] : undefined;
      if (entry === undefined) return undefined;
      const { not_before: notBefore, not_after: notAfter, retired, ...secret } = entry;
      return { key: importSecret(secret as SecretInput), notBefore, notAfter, retired };
    },
    policy: {
      maxAgeSeconds: policy.max_age,
      clockSkewSeconds: policy.clock_skew,
      maxBodyBytes: policy.max_body_bytes,
      label: policy.label,
      tag: policy.tag,
      requiredComponents: policy.required,
      allowJsonPrototypeMembers: policy.allow_json_prototype_members,
    },
    isNonceSeen: (keyId, nonce) => seen.has(`${keyId}\n${nonce}`),
  };
}

function report(testCase: VerifyCase): VerificationReport {
  return createVerificationReport(reportInput(testCase));
}

/** docs/spec.md §9: the step that raises each code, where only one step does. */
const STEP_OF_CODE: Record<string, number> = {
  FIELD_TOO_LARGE: 1,
  FRAMING_AMBIGUOUS: 2,
  BODY_TOO_LARGE: 2,
  CONTENT_LENGTH_MISMATCH: 2,
  ALGORITHM_UNSUPPORTED: 6,
  TAG_UNSUPPORTED: 6,
  PARAMETER_MISSING: 6,
  PARAMETER_INVALID: 6,
  NONCE_MISSING: 6,
  SIGNATURE_EXPIRED: 7,
  SIGNATURE_FROM_FUTURE: 7,
  COMPONENT_MISSING: 8,
  DIGEST_MISSING: 8,
  DIGEST_MALFORMED: 8,
  KEY_UNKNOWN: 9,
  KEY_NOT_YET_VALID: 9,
  KEY_RETIRED: 9,
  URL_INVALID: 10,
  COMPONENT_UNAVAILABLE: 10,
  QUERY_PARAM_AMBIGUOUS: 10,
  SIGNATURE_INVALID: 11,
  DIGEST_MISMATCH: 12,
  JSON_UNSUPPORTED: 12,
  JSON_DUPLICATE_MEMBER: 12,
  JSON_PROTOTYPE_MEMBER: 12,
  NONCE_REPLAYED: 13,
};

/** The codes several steps raise: the step of each vector, read from the spec and the vector's comment. */
const STEP_OF_CASE: Record<string, number> = {
  'verify/get-unsigned': 3,
  'verify/no-signature-field': 3,
  'verify/no-signature-input-field': 3,
  'verify/label-absent': 4,
  'verify/label-absent-in-signature': 4,
  'verify/signature-input-garbage': 4,
  'verify/signature-garbage': 4,
  'verify/signature-leading-comma': 4,
  'verify/signature-input-unclosed-list': 4,
  'verify/signature-not-byte-sequence': 4,
  'verify/signature-input-not-inner-list': 4,
  'verify/signature-input-tokens': 4,
  'verify/duplicate-component': 5,
  'verify/too-many-components': 5,
  'verify/component-query-param-without-name': 5,
  'verify/component-unsupported-status': 5,
  'verify/component-unsupported-signature-params': 5,
  'verify/component-unsupported-sf': 5,
  'verify/component-invalid-uppercase': 5,
  'verify/component-invalid-value-non-ascii': 10,
  'verify/component-invalid-obs-fold': 10,
  'verify/query-param-invalid-utf8': 10,
  // check-order.json (docs/spec.md D2, D3, D9):
  'check-order/query-param-req': 5,
  'check-order/query-param-unknown-parameter': 5,
  'check-order/query-param-only-unknown-parameter': 5,
  'check-order/query-param-integer-name-and-unknown': 5,
  'check-order/query-param-integer-name': 5,
  'check-order/upper-case-field-with-req': 5,
  'check-order/field-with-unknown-parameter': 5,
  'check-order/unknown-derived-with-name': 5,
  'check-order/unsupported-before-later-duplicate': 5,
  'check-order/duplicate-before-later-unsupported': 5,
  'check-order/invalid-before-later-duplicate': 5,
  'check-order/count-before-items': 5,
  'check-order/duplicate-and-bad-alg': 5,
  'check-order/unsupported-and-nonce-missing': 5,
  'check-order/key-invalid-and-retired': 9,
  'check-order/key-invalid-and-not-yet-valid': 9,
  'check-order/key-invalid-and-past-not-after': 9,
};

describe('createVerificationReport over the verification vectors', () => {
  it('has cases, and a step for every failing one', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const unmapped = cases.filter(
      (c) => !c.expected.valid && STEP_OF_CASE[c.id] === undefined && STEP_OF_CODE[(c.expected as { error: string }).error] === undefined,
    );
    expect(unmapped.map((c) => c.id)).toEqual([]);
  });

  for (const testCase of cases) {
    it(testCase.id, () => {
      const result = report(testCase);
      expect(result.checks.map((check) => [check.step, check.name])).toEqual(CHECKS.map((check) => [check.step, check.name]));
      if (testCase.expected.valid) {
        expect([result.valid, result.code]).toEqual([true, undefined]);
        expect(result.signatureBase).toBe(testCase.expected.signature_base);
        expect(result.checks.every((check) => check.status === 'passed')).toBe(true);
        return;
      }
      const { error } = testCase.expected;
      const step = STEP_OF_CASE[testCase.id] ?? STEP_OF_CODE[error];
      expect([result.valid, result.code, result.failedStep]).toEqual([false, error, step]);
      expect(result.checks.map((check) => check.status)).toEqual(
        CHECKS.map((check) => (check.step < (step as number) ? 'passed' : check.step === step ? 'failed' : 'not-run')),
      );
      expect(result.checks[(step as number) - 1]).toMatchObject({ code: error, detail: result.message });
      // The base is reported once verification computed it (step 10 passed), never before.
      expect(result.signatureBase === undefined).toBe((step as number) <= 10);
    });
  }
});

describe('createVerificationReport without a replay store', () => {
  it('skips step 13 and says why, and still calls a request valid', () => {
    const valid = cases.find((c) => c.expected.valid && (c.seen_nonces ?? []).length === 0) as VerifyCase;
    expect(report(valid).checks[12]?.status).toBe('passed');
    const result = createVerificationReport({ ...reportInput(valid), isNonceSeen: undefined });
    expect(result.valid).toBe(true);
    expect(result.checks[12]).toMatchObject({ step: 13, status: 'skipped', detail: expect.stringContaining('replay store') });
  });
});
