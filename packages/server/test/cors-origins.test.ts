// cors.origins: each configured origin is compared with the browser's `Origin` header in the form a
// browser serializes it, and an entry that is not an origin is refused at construction, by name.
import { describe, expect, it } from 'vitest';
import { corsHeaders, resolveCors } from '../src/index.js';

const allowed = (configured: string[], origin: string) =>
  corsHeaders(resolveCors({ origins: configured }), origin, true)['access-control-allow-origin'];

describe('cors.origins matches the Origin header as browsers send it', () => {
  it.each([
    ['https://app.example.com:443', 'https://app.example.com'],
    ['http://localhost:80', 'http://localhost'],
    ['https://APP.Example.com', 'https://app.example.com'],
    ['HTTPS://app.example.com', 'https://app.example.com'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['http://localhost:5173', 'http://localhost:5173'],
  ])('%s allows Origin: %s', (configured, origin) => {
    expect(allowed([configured], origin)).toBe(origin);
  });

  it('a non-default port is part of the origin', () => {
    expect(allowed(['https://app.example.com:8443'], 'https://app.example.com')).toBeUndefined();
    expect(allowed(['https://app.example.com'], 'https://app.example.com:8443')).toBeUndefined();
    expect(allowed(['http://localhost:5173'], 'http://localhost:5174')).toBeUndefined();
  });

  it('the scheme is part of the origin', () => {
    expect(allowed(['https://app.example.com'], 'http://app.example.com')).toBeUndefined();
  });
});

describe('cors.origins refuses what is not an origin, naming the entry', () => {
  it.each([
    ['http://localhost:5173/', 'not an http(s) origin without a path'],
    ['https://app.example.com/app', 'not an http(s) origin without a path'],
    ['app.example.com', 'not an http(s) origin without a path'],
    ['ftp://app.example.com', 'not an http(s) origin without a path'],
    ['*', "'*' allows every origin only on its own"],
    ['https://app.example.com:99999', 'not a valid URL'],
    ['https://app.example.com?x', 'not an http(s) origin without a path'],
  ])('%s', (entry, why) => {
    expect(() => resolveCors({ origins: ['https://ok.example', entry] })).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_INVALID',
        message: expect.stringContaining(`cors.origins has ${JSON.stringify(entry)}: ${why}`),
      }),
    );
  });

  it('an entry that is not a string', () => {
    expect(() => resolveCors({ origins: [42 as unknown as string] })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_INVALID', message: expect.stringContaining('cors.origins has 42: not a string') }),
    );
  });

  it('an empty list', () => {
    expect(() => resolveCors({ origins: [] })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});

describe('cors: an arbitrary origin is never reflected, and never with credentials', () => {
  it("'*' answers a literal * and no Allow-Credentials; a list answers only listed origins", () => {
    const any = corsHeaders(resolveCors({ origins: '*' }), 'https://evil.example', true);
    expect(any['access-control-allow-origin']).toBe('*');
    expect(Object.keys(any)).not.toContain('access-control-allow-credentials');
    const listed = resolveCors({ origins: ['https://app.example.com'] });
    expect(corsHeaders(listed, 'https://evil.example', true)).toEqual({});
    expect(corsHeaders(listed, 'https://app.example.com.evil.example', false)).toEqual({});
    expect(corsHeaders(listed, 'https://APP.example.com', false)['access-control-allow-origin']).toBe('https://APP.example.com');
  });
});
