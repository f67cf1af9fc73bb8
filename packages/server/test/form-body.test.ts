// Form bodies handed to the application (docs/server.md § Form bodies): which Content-Type values
// make the verifier parse a urlencoded form, that its parse is the URL Standard's (checked against
// the runtime's own Response.formData(), an independent implementation), the prototype-less record
// the Express adapter builds from it, and readFormData over multipart and urlencoded bodies with
// every rejection.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formRecord, isFormContentType, parseFormBody } from '../src/form-body.js';
import { createVerifier, readFormData, type VerifiedRequest, type VerifierOptions } from '../src/index.js';
import { NOW, ORIGIN, SECRET, signedRequest } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded';
const base: VerifierOptions = { keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW + 5 };
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What the runtime's Fetch implementation (undici in Node) parses the same bytes to. */
async function fetchParsed(bytes: Uint8Array, contentType = FORM): Promise<[string, string][]> {
  return entriesOf(await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData());
}

/** A FormData's entries in order, files as their String() (the DOM lib types FormData without an iterator). */
function entriesOf(form: FormData): [string, string][] {
  const entries: [string, string][] = [];
  form.forEach((value, name) => {
    entries.push([name, String(value)]);
  });
  return entries;
}

function verify(body: string | Uint8Array | undefined, contentTypes: string[], method = 'POST'): Promise<VerifiedRequest> {
  const headers = contentTypes.map((value): [string, string] => ['content-type', value]);
  return createVerifier(base).verify(signedRequest({ method, headers, ...(body === undefined ? {} : { body }) }));
}

/** A FormData as a browser or Node's fetch encodes it: the body bytes and the Content-Type with its boundary. */
async function multipart(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const request = new Request(`${ORIGIN}/upload`, { method: 'POST', body: form });
  return { bytes: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

describe('isFormContentType: the urlencoded forms the verifier parses (UTF-8 only)', () => {
  it.each([
    FORM,
    'Application/X-WWW-Form-URLEncoded',
    'application/x-www-form-urlencoded;charset=UTF-8', // what fetch sends for a URLSearchParams body
    'application/x-www-form-urlencoded; charset="utf-8"',
    'application/x-www-form-urlencoded; charset=utf8',
    '  application/x-www-form-urlencoded  ',
    'application/x-www-form-urlencoded; foo=bar',
  ])('%j is a parsed form', (value) => {
    expect(isFormContentType(value)).toBe(true);
  });

  it.each([
    [undefined],
    [''],
    ['application/x-www-form-urlencodedx'],
    ['multipart/form-data; boundary=x'],
    ['text/plain'],
    ['application/json'],
    ['text/plain; type=application/x-www-form-urlencoded'],
    ['application/x-www-form-urlencoded; charset=iso-8859-1'],
    ['application/x-www-form-urlencoded; charset = windows-1252'],
    ['application/x-www-form-urlencoded; charset=utf-16'],
    ['application/x-www-form-urlencoded; charset='],
    ['application/x-www-form-urlencoded; charset=utf-8; charset=latin1'],
  ])('%j is not', (value) => {
    expect(isFormContentType(value)).toBe(false);
  });
});

describe("parseFormBody is the URL Standard's urlencoded parser", () => {
  // Bytes biased towards what the parser treats specially: separators, '+', '%' escapes (valid,
  // invalid UTF-8, and broken), a leading '?', a BOM, raw multi-byte UTF-8 and stray high bytes.
  const piece = fc.oneof(
    fc.constantFrom('&', '=', '+', '%', '?', '%2', '%zz', '%FF', '%C3%A4', '%E2%82', 'ä', '€', '\uFEFF', 'a', 'b', ' ').map(utf8),
    fc.uint8Array({ minLength: 1, maxLength: 3 }),
  );
  const body = fc.array(piece, { maxLength: 24 }).map((pieces) => Uint8Array.from(pieces.flatMap((p) => [...p])));

  // The oracle is undici's Response.formData(), which follows the standard except that it drops a
  // leading '?' (it parses with the URLSearchParams constructor); Chromium and the standard keep it.
  it("gives the fields Response.formData() gives, for any bytes (not starting with '?')", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        fc.pre(bytes[0] !== 0x3f);
        const parsed = parseFormBody(FORM, bytes);
        const expected = await fetchParsed(bytes);
        expect(bytes.length === 0 ? [] : [...(parsed ?? [])]).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    [
      'q=a+b&r=%C3%A4%26',
      [
        ['q', 'a b'],
        ['r', 'ä&'],
      ],
    ],
    ['\uFEFFa=1', [['\uFEFFa', '1']]], // a BOM is kept, as the URL Standard keeps it
    [
      'a=%FF&b',
      [
        ['a', '\uFFFD'],
        ['b', ''],
      ],
    ],
    [
      'a=1&a=2&&=3',
      [
        ['a', '1'],
        ['a', '2'],
        ['', '3'],
      ],
    ],
  ])('%j', async (text, entries) => {
    expect([...(parseFormBody(FORM, utf8(text)) ?? [])]).toEqual(entries);
    expect(await fetchParsed(utf8(text))).toEqual(entries);
  });

  it("keeps a leading '?' in the first name, as the URL Standard and Chromium do", () => {
    // The URLSearchParams constructor alone drops it (it is written for query strings), as undici does.
    expect([...(parseFormBody(FORM, utf8('?a=1&?b=2')) ?? [])]).toEqual([
      ['?a', '1'],
      ['?b', '2'],
    ]);
    expect([...new URLSearchParams('?a=1')]).toEqual([['a', '1']]);
  });

  it('leaves other media types, other charsets and empty bodies unparsed', () => {
    expect(parseFormBody('application/json', utf8('a=1'))).toBeUndefined();
    expect(parseFormBody(`${FORM}; charset=iso-8859-1`, utf8('a=1'))).toBeUndefined();
    expect(parseFormBody(undefined, utf8('a=1'))).toBeUndefined();
    expect(parseFormBody(FORM, new Uint8Array(0))).toBeUndefined();
  });
});

describe('formRecord: the fields as express.urlencoded({ extended: false }) shapes them, without a prototype', () => {
  it('one string per name, an array in body order for a repeated name', () => {
    const record = formRecord(new URLSearchParams('a=1&b=x+y&a=2&a=3&c='));
    expect({ ...record }).toEqual({ a: ['1', '2', '3'], b: 'x y', c: '' });
  });

  it('__proto__ and constructor are ordinary own keys: no prototype to reach, nothing polluted', () => {
    const record = formRecord(new URLSearchParams('__proto__=x&__proto__=y&constructor=c&toString=t'));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toEqual(['x', 'y']);
    expect(record.constructor).toBe('c');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('the verifier hands over verified.form', () => {
  it('for a UTF-8 urlencoded body: its fields, parsed from the verified bytes', async () => {
    const verified = await verify('q=a+b&r=%C3%A4%26&q=2', [`${FORM};charset=UTF-8`]);
    expect(verified.form).toBeInstanceOf(URLSearchParams);
    expect([...(verified.form ?? [])]).toEqual([
      ['q', 'a b'],
      ['r', 'ä&'],
      ['q', '2'],
    ]);
    expect(verified.json).toBeUndefined();
    expect(new TextDecoder().decode(verified.body)).toBe('q=a+b&r=%C3%A4%26&q=2');
  });

  it('not for another charset, two Content-Type lines, JSON, text or no body (the bytes stay in verified.body)', async () => {
    const latin1 = await verify(new Uint8Array([0x61, 0x3d, 0xe9]), [`${FORM}; charset=iso-8859-1`]);
    expect(latin1.form).toBeUndefined();
    expect([...latin1.body]).toEqual([0x61, 0x3d, 0xe9]);
    expect((await verify('a=1', [FORM, FORM])).form).toBeUndefined();
    expect((await verify('{"a":1}', ['application/json'])).form).toBeUndefined();
    expect((await verify('a=1', ['text/plain'])).form).toBeUndefined();
    expect((await verify(undefined, [], 'GET')).form).toBeUndefined();
  });
});

describe('readFormData: multipart and urlencoded bodies as FormData, from the verified bytes', () => {
  it('reads a multipart body: text fields as strings, a file part as a File with its name, type and bytes', async () => {
    const form = new FormData();
    form.set('title', 'Ada Lovelace');
    form.set('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/octet-stream' }), 'notes.bin');
    const { bytes, contentType } = await multipart(form);
    const parsed = await readFormData(await verify(bytes, [contentType]));
    expect(parsed.get('title')).toBe('Ada Lovelace');
    const file = parsed.get('file');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('notes.bin');
    expect((file as File).type).toBe('application/octet-stream');
    expect([...new Uint8Array(await (file as File).arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('reads a UTF-8 urlencoded body: the fields of verified.form', async () => {
    const verified = await verify('?a=1&b=%C3%A4&a=2', [FORM]);
    expect(entriesOf(await readFormData(verified))).toEqual([
      ['?a', '1'],
      ['b', 'ä'],
      ['a', '2'],
    ]);
    expect(entriesOf(await readFormData(verified))).toEqual([...(verified.form ?? [])]);
    expect(entriesOf(await readFormData(await verify('', [FORM])))).toEqual([]);
  });

  async function formInvalid(verified: Promise<VerifiedRequest>): Promise<Error> {
    const error = await readFormData(await verified).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'VerificationError', code: 'FORM_INVALID', status: 400 });
    return error as Error;
  }

  it('FORM_INVALID (400) for a body that is not declared a form', async () => {
    await formInvalid(verify('a=1', ['text/plain']));
    await formInvalid(verify('{"a":1}', ['application/json']));
    await formInvalid(verify(undefined, [], 'GET'));
    await formInvalid(verify('a=1', [FORM, FORM])); // two lines: which one?
    await formInvalid(verify('a=%E9', [`${FORM}; charset=iso-8859-1`])); // UTF-8 only
  });

  it('FORM_INVALID (400) for a multipart body that does not parse; the message holds no body bytes', async () => {
    const form = new FormData();
    form.set('secret-field', 'do-not-echo-me');
    const { bytes, contentType } = await multipart(form);
    const messages = [
      await formInvalid(verify(bytes, ['multipart/form-data; boundary=not-the-one'])),
      await formInvalid(verify(bytes, ['multipart/form-data'])), // no boundary
      await formInvalid(verify(bytes.subarray(0, bytes.length - 10), [contentType])), // truncated
      await formInvalid(verify('not multipart at all', [contentType])),
    ].map((error) => error.message);
    for (const message of messages) {
      expect(message).toBe('the body is declared as multipart/form-data but does not parse as one');
      expect(message).not.toContain('do-not-echo-me');
    }
  });

  it('CONTENT_ENCODING_UNSUPPORTED (415) for a gzip multipart body: verified as sent, never decoded', async () => {
    const form = new FormData();
    form.set('title', 'Ada Lovelace');
    const { bytes, contentType } = await multipart(form);
    const gzipped = new Uint8Array(
      await new Response(new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    const headers: [string, string][] = [
      ['content-type', contentType],
      ['content-encoding', 'gzip'],
    ];
    const verified = await createVerifier(base).verify(signedRequest({ headers, body: gzipped }));
    expect(verified.covered).toContain('"content-encoding"');
    await expect(readFormData(verified)).rejects.toMatchObject({ code: 'CONTENT_ENCODING_UNSUPPORTED', status: 415 });
  });

  it('CONFIGURATION_INVALID (500) without a verified request (no Signwire middleware ran)', async () => {
    await expect(readFormData(undefined)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID', status: 500 });
    await expect(readFormData(null)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID', status: 500 });
  });
});
