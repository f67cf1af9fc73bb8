// Type-level proof that createSignedFetch(...) is a drop-in fetch (checked by `tsc -b` through
// tsconfig.spec.json and by vitest's typecheck mode).
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CredentialsSource,
  createSignedFetch,
  createSigner,
  jsonBody,
  type SignatureHeaders,
  type SignedFetch,
} from '../src/index.js';

const signer = createSigner({ keyId: 'k', secret: { hex: '00'.repeat(32) } });

describe('public types', () => {
  it('createSignedFetch(...) is assignable to typeof fetch', () => {
    const signedFetch = createSignedFetch(signer);
    const asFetch: typeof fetch = signedFetch;
    expectTypeOf(signedFetch).toExtend<typeof fetch>();
    expectTypeOf(asFetch).returns.resolves.toEqualTypeOf<Response>();
    expectTypeOf<SignedFetch['json']>().returns.resolves.toEqualTypeOf<Response>();
  });

  it('accepts globalThis.fetch as the underlying fetch', () => {
    expectTypeOf(createSignedFetch(signer, { fetch })).toEqualTypeOf<SignedFetch>();
  });

  it('signature headers and jsonBody spread into a fetch init', () => {
    const headers: SignatureHeaders = signer.signSync({ method: 'GET', url: 'https://a.example/' });
    const init: RequestInit = { method: 'POST', ...jsonBody({ a: 1 }) };
    const withSignature: HeadersInit = { ...headers };
    expectTypeOf(init).toExtend<RequestInit>();
    expectTypeOf(withSignature).toExtend<HeadersInit>();
  });

  it('signSync takes plain requests only; sign also takes Request', () => {
    expectTypeOf(signer.signSync).parameter(0).not.toExtend<Request>();
    expectTypeOf<Request>().toExtend<Parameters<typeof signer.sign>[0]>();
    expectTypeOf(signer.signRequest).returns.resolves.toEqualTypeOf<Request>();
  });

  it('CredentialsSource is opaque: the signer-internal cache types are not part of it', () => {
    expectTypeOf<keyof CredentialsSource>().toEqualTypeOf<'kind'>();
  });
});
