import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveComponentValue, toComponentIdentifier } from './components.js';
import { queryParamValue } from './query-param.js';
import { normalizeMethod } from './request.js';
import { resolveTargetUrl, serializeTargetUrl, splitTargetUrl } from './target-uri.js';

describe('serializeTargetUrl: the URL as fetch sends it', () => {
  it.each([
    ['https://Example.COM:443/a/./b/../c', 'https://example.com/a/c'],
    ['http://[::FFFF:0:1]:80/ä?ü=ß#frag', 'http://[::ffff:0:1]/%C3%A4?%C3%BC=%C3%9F'],
    ['https://a.example:08080?', 'https://a.example:8080/?'],
    ['https://a.example/%2e%2E/x/%2E/y', 'https://a.example/x/y'],
    ["https://a.example/p a?q b'", 'https://a.example/p%20a?q%20b%27'],
    ['https://a.example/%2fx%2F?a=%7e+b', 'https://a.example/%2fx%2F?a=%7e+b'],
  ])('%s → %s', (input, expected) => expect(serializeTargetUrl(input)).toBe(expected));

  it.each([
    '/relative',
    'ftp://a.example/',
    'https://user:pw@a.example/',
    'not a url',
    'https://',
  ])('refuses %s with URL_INVALID', (input) => {
    expect(() => serializeTargetUrl(input)).toThrowError(expect.objectContaining({ code: 'URL_INVALID' }));
  });
});

describe('splitTargetUrl: the target as received, never normalized', () => {
  it('keeps encoded slashes, double slashes and an empty query as received', () => {
    expect(splitTargetUrl('https://API.example.com:443/a//admin%2F?')).toEqual({
      scheme: 'https',
      authority: 'api.example.com',
      path: '/a//admin%2F',
      query: '',
    });
    expect(splitTargetUrl('http://h:8080')).toEqual({ scheme: 'http', authority: 'h:8080', path: '/', query: undefined });
  });
  it.each([
    'https://h/a/../admin',
    'https://h/a/%2E%2e/admin',
    'https://h/./a',
    'https://h/a/.%2e',
    'https://h/a b',
    'https://h/#x',
    'https://u@h/',
    'mailto:x',
    'https://h:99999/',
    'https://h/ä',
    'https://h:x/',
  ])('refuses %s with URL_INVALID', (input) =>
    expect(() => splitTargetUrl(input)).toThrowError(expect.objectContaining({ code: 'URL_INVALID' })));
});

describe('normalizeMethod', () => {
  it('upper-cases the six Fetch-normalized methods only', () => {
    expect(['get', 'Post', 'delete', 'head', 'options', 'put', 'patch', 'PURGE'].map(normalizeMethod)).toEqual([
      'GET',
      'POST',
      'DELETE',
      'HEAD',
      'OPTIONS',
      'PUT',
      'patch',
      'PURGE',
    ]);
  });
  it.each(['GE T', '', 'GET\r\n', '@method'])('refuses %j with METHOD_INVALID', (m) =>
    expect(() => normalizeMethod(m)).toThrowError(expect.objectContaining({ code: 'METHOD_INVALID' })));
});

describe('component values', () => {
  const source = {
    method: 'POST',
    target: splitTargetUrl('https://api.example.com/a%2Fb?x=1&y'),
    fields: [
      ['X-Tag', '  a '],
      ['x-tag', 'b'],
      ['X-Empty', ''],
      ['X-Bad', 'a\r\n b'],
      ['X-Utf', 'é'],
    ] as const,
  };
  const value = (name: string) => deriveComponentValue(toComponentIdentifier(name), source);

  it('derives every supported derived component', () => {
    expect(['@method', '@authority', '@scheme', '@target-uri', '@request-target', '@path', '@query'].map(value)).toEqual([
      'POST',
      'api.example.com',
      'https',
      'https://api.example.com/a%2Fb?x=1&y',
      '/a%2Fb?x=1&y',
      '/a%2Fb',
      '?x=1&y',
    ]);
  });
  it('combines repeated fields case-insensitively, trimmed, with ", "', () => {
    expect(value('x-tag')).toBe('a, b');
    expect(value('x-empty')).toBe('');
  });
  it('refuses obs-fold/CR/LF and non-ASCII values instead of repairing them', () => {
    expect(() => value('x-bad')).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
    expect(() => value('x-utf')).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
  });
  it('refuses an absent field, unknown @-names, upper-case names and unsupported parameters', () => {
    expect(() => value('x-absent')).toThrowError(expect.objectContaining({ code: 'COMPONENT_UNAVAILABLE' }));
    expect(() => toComponentIdentifier('@status')).toThrowError(expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }));
    expect(() => toComponentIdentifier('@signature-params')).toThrowError(expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }));
    expect(() => toComponentIdentifier('X-Tag')).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
    expect(() => toComponentIdentifier('x\ntag')).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
    expect(() => toComponentIdentifier({ name: 'x-tag', params: { name: 'q' } })).toThrowError(
      expect.objectContaining({ code: 'COMPONENT_UNSUPPORTED' }),
    );
    expect(() => toComponentIdentifier({ name: '@query-param' })).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
  });
});

describe('@query-param (RFC 9421 §2.2.8 examples)', () => {
  const query = 'var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&qux=';
  it.each([
    ['var', 'this%20is%20a%20big%0Avalue'],
    ['bar', 'with%20plus%20whitespace'],
    ['fa%C3%A7ade%22%3A%20', 'something'],
    ['qux', ''],
  ])('name=%s → %s', (name, expected) => expect(queryParamValue(query, name)).toBe(expected));
  it('refuses a repeated name, an absent name and invalid UTF-8', () => {
    expect(() => queryParamValue('a=1&a=2', 'a')).toThrowError(expect.objectContaining({ code: 'QUERY_PARAM_AMBIGUOUS' }));
    expect(() => queryParamValue('a=1', 'b')).toThrowError(expect.objectContaining({ code: 'COMPONENT_UNAVAILABLE' }));
    expect(() => queryParamValue('a=%FF', 'a')).toThrowError(expect.objectContaining({ code: 'COMPONENT_INVALID' }));
  });
});

describe('resolveTargetUrl (the signer: parts read from the WHATWG parse)', () => {
  const expectSameAsSplit = (url: string) => {
    const resolved = resolveTargetUrl(url);
    expect(resolved.url).toBe(serializeTargetUrl(url));
    expect({ url, ...resolved.target }).toEqual({ url, ...splitTargetUrl(resolved.url) });
    expect(resolveTargetUrl(new URL(url))).toEqual(resolved);
  };

  it('reads a URL object without changing it (its fragment stays; the result has none)', () => {
    const url = new URL('https://a.example/p?q#frag');
    expect(resolveTargetUrl(url).url).toBe('https://a.example/p?q');
    expect(url.href).toBe('https://a.example/p?q#frag');
  });

  it.each([
    'https://API.Example.COM/v1/orders?region=eu&dry_run=false',
    'https://api.example.com:443/',
    'http://api.example.com:80',
    'http://api.example.com:0080/x',
    'https://api.example.com:8443/a/b/../c/./d?',
    'https://api.example.com/a/%2e%2E/b/.%2e/c?q=%2e',
    'https://api.example.com?#frag',
    'https://api.example.com/p?a=1#frag?x',
    'https://[::FFFF:7F00:1]:8080/x?y',
    'http://0x7f.1/',
    'https://bücher.example/straße?ü=ö',
    'https://api.example.com/a b/|/^/{}/`?q=a b&r="x"&s=\'<>\'',
    'https://api.example.com/\t\n/x',
    'HTTPS://api.example.com/%7e?%7E',
  ])('%s: the same parts as splitting its serialization', (url) => expectSameAsSplit(url));

  it('agrees with splitTargetUrl on generated URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => expectSameAsSplit(url)),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['/relative', 'URL_INVALID'],
    ['ftp://api.example.com/', 'URL_INVALID'],
    ['https://user:pw@api.example.com/', 'URL_INVALID'],
    [42, 'URL_INVALID'],
  ])('refuses %s with %s', (url, code) => {
    expect(() => resolveTargetUrl(url as string)).toThrowError(expect.objectContaining({ code }));
  });
});
