// Type-level checks of the public API: exact code union, no `any` leaking out of public signatures.
import { describe, expectTypeOf, it } from 'vitest';
import {
  ConfigurationError,
  type ConfigurationErrorCode,
  type canonicalJson,
  type ERROR_CODES,
  type HmacKey,
  type importSecret,
  type SignedRequestParts,
  type SignwireError,
  type SignwireErrorCode,
  type signRequest,
  VerificationError,
  type VerificationErrorCode,
  type VerifiedSignature,
  type verifyRequestSignature,
} from '../src/index.js';

type IsAny<T> = 0 extends 1 & T ? true : false;

describe('public types', () => {
  it('error codes are a closed union shared by ERROR_CODES and SignwireError.code', () => {
    expectTypeOf<SignwireError['code']>().toEqualTypeOf<SignwireErrorCode>();
    expectTypeOf<keyof typeof ERROR_CODES>().toEqualTypeOf<SignwireErrorCode>();
    expectTypeOf<'NOT_A_CODE'>().not.toExtend<SignwireErrorCode>();
  });

  it('each error class is tied to its codes: configuration codes only on ConfigurationError', () => {
    expectTypeOf<ConfigurationError['code']>().toEqualTypeOf<'KEY_INVALID' | 'CONFIGURATION_INVALID'>();
    expectTypeOf<VerificationError['code']>().toEqualTypeOf<VerificationErrorCode>();
    expectTypeOf<Extract<VerificationErrorCode, ConfigurationErrorCode>>().toEqualTypeOf<never>();
    expectTypeOf<VerificationErrorCode | ConfigurationErrorCode>().toEqualTypeOf<SignwireErrorCode>();
    // @ts-expect-error a misconfiguration is never a VerificationError
    expectTypeOf(new VerificationError('CONFIGURATION_INVALID', 'x')).toExtend<SignwireError>();
    // @ts-expect-error a refused request is never a ConfigurationError
    expectTypeOf(new ConfigurationError('SIGNATURE_INVALID', 'x')).toExtend<SignwireError>();
  });

  it('entry points have no any in parameters or results', () => {
    expectTypeOf<IsAny<ReturnType<typeof signRequest>>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<Parameters<typeof signRequest>[0]>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<Parameters<typeof verifyRequestSignature>[0]>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<SignedRequestParts['body']>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<VerifiedSignature['covered']>>().toEqualTypeOf<false>();
    expectTypeOf<ReturnType<typeof canonicalJson>>().toEqualTypeOf<string>();
  });

  it('a secret is never a bare string', () => {
    expectTypeOf<string>().not.toExtend<Parameters<typeof importSecret>[0]>();
    expectTypeOf<ReturnType<typeof importSecret>>().toEqualTypeOf<HmacKey>();
  });
});
