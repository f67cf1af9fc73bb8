// Type-level checks of the public API: exact code union, no `any` leaking out of public signatures.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  canonicalJson,
  ERROR_CODES,
  HmacKey,
  importSecret,
  SignedRequestParts,
  SignwireError,
  SignwireErrorCode,
  signRequest,
  VerifiedSignature,
  verifyRequestSignature,
} from '../src/index.js';

type IsAny<T> = 0 extends 1 & T ? true : false;

describe('public types', () => {
  it('error codes are a closed union shared by ERROR_CODES and SignwireError.code', () => {
    expectTypeOf<SignwireError['code']>().toEqualTypeOf<SignwireErrorCode>();
    expectTypeOf<keyof typeof ERROR_CODES>().toEqualTypeOf<SignwireErrorCode>();
    expectTypeOf<'NOT_A_CODE'>().not.toExtend<SignwireErrorCode>();
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
