// createSignedFetch with every BodyInit, run against Node's own Request/FormData/Blob and a fake
// fetch that records the Request it got; each recorded request is verified by core's verifier over
// the exact bytes it would send.
import { canonicalJson, isSignwireError } from '@signwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSignedFetch, extraComponents, jsonBody, type StreamBodies, streamBodies } from '../src/index.js';
import { recordingFetch, testSigner, text, verifySent } from './helpers.js';

const URL_ = 'https://api.example.com/v1/items?x=1';

async function sendAndVerify(init: RequestInit, options: { streams?: StreamBodies; canonicalizeJson?: boolean } = {}) {
  const recorder = recordingFetch();
  const signedFetch = createSignedFetch(testSigner(), { fetch: recorder.fetch, ...options });
  const response = await signedFetch(URL_, init);
  expect(response.status).toBe(204);
  expect(recorder.requests).toHaveLength(1);
  const [sent] = recorder.requests as [Request];
  const verified = await verifySent(sent);
  return { sent, verified, bytes: verified.bytes };
}

function byteStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('createSignedFetch signs every BodyInit over the bytes it sends', () => {
  it('no body (GET)', async () => {
    const { sent, verified } = await sendAndVerify({});
    expect(sent.method).toBe('GET');
    expect(sent.headers.get('content-digest')).toBeNull();
    expect(verified.covered).toEqual(['"@method"', '"@authority"', '"@path"', '"@query"']);
  });

  it('string', async () => {
    const { sent, bytes, verified } = await sendAndVerify({ method: 'POST', body: 'hello wörld' });
    expect(text(bytes)).toBe('hello wörld');
    expect(sent.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(verified.covered).toContain('"content-type"');
    expect(verified.covered).toContain('"content-digest"');
  });

  it('Uint8Array (including a view into a larger buffer)', async () => {
    const backing = new Uint8Array([9, 0, 255, 16, 9]);
    const { bytes } = await sendAndVerify({ method: 'PUT', body: backing.subarray(1, 4) });
    expect([...bytes]).toEqual([0, 255, 16]);
  });

  it('ArrayBuffer', async () => {
    const { bytes } = await sendAndVerify({ method: 'POST', body: new Uint8Array([1, 2, 3]).buffer });
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('Blob, with its type as Content-Type', async () => {
    const { sent, bytes } = await sendAndVerify({ method: 'POST', body: new Blob(['<a/>'], { type: 'application/xml' }) });
    expect(text(bytes)).toBe('<a/>');
    expect(sent.headers.get('content-type')).toBe('application/xml');
  });

  it('URLSearchParams: the urlencoded bytes and the Content-Type fetch adds are the ones signed', async () => {
    const { sent, bytes, verified } = await sendAndVerify({ method: 'POST', body: new URLSearchParams({ q: 'a b', r: 'ä&' }) });
    expect(text(bytes)).toBe('q=a+b&r=%C3%A4%26');
    expect(sent.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(verified.covered).toEqual(expect.arrayContaining(['"content-type"', '"content-digest"']));
    expect(verified.signatureBase).toContain('\n"content-type": application/x-www-form-urlencoded;charset=UTF-8\n');
  });

  it('FormData: the multipart bytes and boundary sent are the ones signed', async () => {
    const form = new FormData();
    form.set('name', 'Ada');
    form.set('file', new Blob([new Uint8Array([0, 1, 2])], { type: 'application/octet-stream' }), 'a.bin');
    const { sent, bytes, verified } = await sendAndVerify({ method: 'POST', body: form });
    const contentType = sent.headers.get('content-type') ?? '';
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(boundary).toBeDefined();
    expect(text(bytes)).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAda\r\n`);
    expect(text(bytes).endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(verified.signatureBase).toContain(`\n"content-type": ${contentType}\n`);
    // The file part's bytes are in the signed body as they were given.
    const parsed = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
    const file = parsed.get('file') as File;
    expect([file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]]).toEqual(['a.bin', 'application/octet-stream', [0, 1, 2]]);
  });

  it('a Request with a FormData body (init omitted): its own boundary is the one signed and sent', async () => {
    const recorder = recordingFetch();
    const form = new FormData();
    form.set('title', 'Ada');
    const input = new Request(URL_, { method: 'POST', body: form });
    const contentType = input.headers.get('content-type') ?? '';
    await createSignedFetch(testSigner(), { fetch: recorder.fetch })(input);
    const sent = recorder.requests[0] as Request;
    expect(sent.headers.get('content-type')).toBe(contentType);
    const verified = await verifySent(sent);
    expect(text(verified.bytes)).toContain(`--${/boundary=(.+)$/.exec(contentType)?.[1]}--\r\n`);
    expect(verified.signatureBase).toContain(`\n"content-type": ${contentType}\n`);
  });

  it('ReadableStream, buffered only with streams: streamBodies(maxBytes), and sent without duplex', async () => {
    const stream = byteStream([new Uint8Array([1, 2]), new Uint8Array([3])]);
    const { sent, bytes } = await sendAndVerify({ method: 'POST', body: stream, duplex: 'half' } as RequestInit, {
      streams: streamBodies(3),
    });
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(sent.method).toBe('POST');
  });

  it('a Request object with a body (init omitted)', async () => {
    const recorder = recordingFetch();
    const input = new Request(URL_, { method: 'PATCH', body: 'patch me', headers: { 'x-request-id': 'r-9' } });
    await createSignedFetch(testSigner({ components: extraComponents(['x-request-id']) }), { fetch: recorder.fetch })(input);
    const verified = await verifySent(recorder.requests[0] as Request);
    expect(text(verified.bytes)).toBe('patch me');
    expect(verified.covered).toContain('"x-request-id"');
    expect(input.bodyUsed).toBe(false);
  });

  it('a Request object plus an init that replaces the body', async () => {
    const recorder = recordingFetch();
    const input = new Request(URL_, { method: 'POST', body: 'old' });
    await createSignedFetch(testSigner(), { fetch: recorder.fetch })(input, { body: 'new' });
    expect(text((await verifySent(recorder.requests[0] as Request)).bytes)).toBe('new');
  });

  it('a URL object and the fragment is not signed', async () => {
    const recorder = recordingFetch();
    await createSignedFetch(testSigner(), { fetch: recorder.fetch })(new URL('https://api.example.com/p#frag'));
    expect((recorder.requests[0] as Request).url).toBe('https://api.example.com/p');
    await verifySent(recorder.requests[0] as Request);
  });

  it('covers extra headers named in components', async () => {
    const recorder = recordingFetch();
    const signedFetch = createSignedFetch(testSigner({ components: extraComponents(['authorization', 'x-request-id']) }), {
      fetch: recorder.fetch,
    });
    await signedFetch(URL_, { headers: { Authorization: 'Bearer t', 'X-Request-Id': 'abc' } });
    expect((await verifySent(recorder.requests[0] as Request)).covered.slice(-2)).toEqual(['"authorization"', '"x-request-id"']);
  });
});

describe('JSON', () => {
  it('jsonBody gives canonical JSON and its content type to spread into init', async () => {
    const value = { b: [1.0, 1e21], a: 'x' };
    const { sent, bytes } = await sendAndVerify({ method: 'POST', ...jsonBody(value) });
    expect(text(bytes)).toBe('{"a":"x","b":[1,1e+21]}');
    expect(sent.headers.get('content-type')).toBe('application/json');
  });

  it('signedFetch.json sends canonical JSON with POST by default, keeping other headers', async () => {
    const recorder = recordingFetch();
    const signedFetch = createSignedFetch(testSigner(), { fetch: recorder.fetch });
    await signedFetch.json(URL_, { z: 1, a: { d: 2, c: 3 } }, { headers: { 'x-tag': 't' } });
    const sent = recorder.requests[0] as Request;
    expect(sent.method).toBe('POST');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('x-tag')).toBe('t');
    expect(text((await verifySent(sent)).bytes)).toBe('{"a":{"c":3,"d":2},"z":1}');
  });

  it('signedFetch.json keeps an explicit method and content type', async () => {
    const recorder = recordingFetch();
    await createSignedFetch(testSigner(), { fetch: recorder.fetch }).json(URL_, [1], {
      method: 'PUT',
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    const sent = recorder.requests[0] as Request;
    expect([sent.method, sent.headers.get('content-type')]).toEqual(['PUT', 'application/merge-patch+json']);
  });

  it('a JSON string body is sent exactly as given by default', async () => {
    const body = '{ "b": 1, "a": 2 }';
    const { bytes } = await sendAndVerify({ method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(text(bytes)).toBe(body);
  });

  it('canonicalizeJson: true re-serializes JSON bodies, and the digest covers the canonical bytes', async () => {
    const body = '{ "b": 1.0, "a": [ 2 ] }';
    const { bytes } = await sendAndVerify(
      { method: 'POST', body, headers: { 'content-type': 'application/json; charset=utf-8' } },
      { canonicalizeJson: true },
    );
    expect(text(bytes)).toBe(canonicalJson({ a: [2], b: 1 }));
  });

  it('canonicalizeJson leaves non-JSON bodies alone', async () => {
    const { bytes } = await sendAndVerify({ method: 'POST', body: '{ "b": 1 }' }, { canonicalizeJson: true });
    expect(text(bytes)).toBe('{ "b": 1 }');
  });
});

describe('relative URLs', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('resolve against globalThis.location (a browser page)', async () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/dashboard/page?x=1' });
    const recorder = recordingFetch();
    await createSignedFetch(testSigner(), { fetch: recorder.fetch })('../api/orders?y=2');
    const sent = recorder.requests[0] as Request;
    expect(sent.url).toBe('https://app.example.com/api/orders?y=2');
    await verifySent(sent);
  });

  it('fail with URL_INVALID in Node (no location), before anything is sent', async () => {
    const recorder = recordingFetch();
    await expect(createSignedFetch(testSigner(), { fetch: recorder.fetch })('/api/orders')).rejects.toMatchObject({ code: 'URL_INVALID' });
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('errors: SignwireErrors with codes, nothing sent', () => {
  async function rejectionCode(run: (signedFetch: ReturnType<typeof createSignedFetch>) => Promise<unknown>, options = {}) {
    const recorder = recordingFetch();
    const signedFetch = createSignedFetch(testSigner(), { fetch: recorder.fetch, ...options });
    try {
      await run(signedFetch);
    } catch (error) {
      expect(recorder.requests).toHaveLength(0);
      return isSignwireError(error) ? error.code : `not a SignwireError: ${String(error)}`;
    }
    return undefined;
  }

  it('BODY_NOT_BUFFERABLE for a ReadableStream without opt-in', async () => {
    const body = byteStream([new Uint8Array([1])]);
    expect(await rejectionCode((f) => f(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit))).toBe('BODY_NOT_BUFFERABLE');
  });

  it('BODY_NOT_BUFFERABLE for a ReadableStream over its streamBodies limit (and the stream is cancelled)', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const code = await rejectionCode((f) => f(URL_, { method: 'POST', body } as RequestInit), { streams: streamBodies(4096) });
    expect(code).toBe('BODY_NOT_BUFFERABLE');
    expect(cancelled).toBe(true);
  });

  it('names streamBodies in the messages of a refused stream and of one over its limit', async () => {
    const messageOf = async (options: { streams?: StreamBodies }) => {
      const signedFetch = createSignedFetch(testSigner(), { fetch: recordingFetch().fetch, ...options });
      const body = byteStream([new Uint8Array(8)]);
      return ((await signedFetch(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit).catch((e: unknown) => e)) as Error).message;
    };
    expect(await messageOf({})).toBe(
      'a ReadableStream body must be buffered to be signed; opt in with createSignedFetch(signer, { streams: streamBodies(maxBytes) })',
    );
    expect(await messageOf({ streams: streamBodies(4) })).toBe('the body stream is longer than streamBodies(4) allows');
  });

  it('BODY_NOT_BUFFERABLE for a stream that yields something other than bytes', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue('text');
        controller.close();
      },
    });
    expect(await rejectionCode((f) => f(URL_, { method: 'POST', body } as RequestInit), { streams: streamBodies(10) })).toBe(
      'BODY_NOT_BUFFERABLE',
    );
  });

  it('BODY_NOT_BUFFERABLE for a stream that errors', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new Error('boom'));
      },
    });
    expect(await rejectionCode((f) => f(URL_, { method: 'POST', body } as RequestInit), { streams: streamBodies(10) })).toBe(
      'BODY_NOT_BUFFERABLE',
    );
  });

  it('BODY_NOT_BUFFERABLE for a locked stream', async () => {
    const body = byteStream([new Uint8Array([1])]);
    body.getReader();
    expect(await rejectionCode((f) => f(URL_, { method: 'POST', body } as RequestInit), { streams: streamBodies(10) })).toBe(
      'BODY_NOT_BUFFERABLE',
    );
  });

  it('JSON_UNSUPPORTED from signedFetch.json for a value JSON cannot carry', async () => {
    expect(await rejectionCode((f) => f.json(URL_, { n: Number.NaN }))).toBe('JSON_UNSUPPORTED');
  });

  it('JSON_UNSUPPORTED from jsonBody for undefined', () => {
    expect(() => jsonBody(undefined)).toThrow(expect.objectContaining({ code: 'JSON_UNSUPPORTED' }));
  });

  it('JSON_UNSUPPORTED with canonicalizeJson for a body that is not JSON', async () => {
    const init = { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } };
    expect(await rejectionCode((f) => f(URL_, init), { canonicalizeJson: true })).toBe('JSON_UNSUPPORTED');
  });

  it('URL_INVALID for user info', async () => {
    expect(await rejectionCode((f) => f('https://u:p@api.example.com/'))).toBe('URL_INVALID');
  });

  it('URL_INVALID for another scheme', async () => {
    expect(await rejectionCode((f) => f('ftp://api.example.com/'))).toBe('URL_INVALID');
  });

  it('HEADER_FORBIDDEN for a preset Signature-Input header', async () => {
    expect(await rejectionCode((f) => f(URL_, { headers: { 'Signature-Input': 'x' } }))).toBe('HEADER_FORBIDDEN');
  });

  it('COMPONENT_UNAVAILABLE when a covered header is absent', async () => {
    const recorder = recordingFetch();
    const signedFetch = createSignedFetch(testSigner({ components: extraComponents(['x-request-id']) }), { fetch: recorder.fetch });
    await expect(signedFetch(URL_)).rejects.toMatchObject({ code: 'COMPONENT_UNAVAILABLE' });
    expect(recorder.requests).toHaveLength(0);
  });

  it.each([
    ['a missing signer', () => createSignedFetch(undefined as never)],
    ['a fetch that is not a function', () => createSignedFetch(testSigner(), { fetch: 'x' as never })],
    ['streamBodies with a negative limit', () => createSignedFetch(testSigner(), { streams: streamBodies(-1) })],
    ['streamBodies with a fractional limit', () => createSignedFetch(testSigner(), { streams: streamBodies(1.5) })],
    ['streams given as a number of bytes (not streamBodies)', () => createSignedFetch(testSigner(), { streams: 1024 as never })],
  ])('CONFIGURATION_INVALID at construction for %s', (_, run) => {
    expect(run).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it('propagates TypeError exactly where fetch would (GET with a body)', async () => {
    const recorder = recordingFetch();
    await expect(createSignedFetch(testSigner(), { fetch: recorder.fetch })(URL_, { body: 'x' })).rejects.toThrow(TypeError);
  });
});

describe('default fetch', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses globalThis.fetch, looked up at call time', async () => {
    const recorder = recordingFetch();
    const signedFetch = createSignedFetch(testSigner());
    vi.stubGlobal('fetch', recorder.fetch);
    await signedFetch(URL_, { method: 'POST', body: 'x' });
    await verifySent(recorder.requests[0] as Request);
  });
});
