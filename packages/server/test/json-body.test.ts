// Which Content-Type values make the verifier hand the application parsed JSON (docs/server.md).

import { isJsonContentType } from '@signwire/core/internal';
import { describe, expect, it } from 'vitest';

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=utf-8', true],
    ['  application/json  ', true],
    ['\tapplication/json\t; q=1', true],
    ['application/vnd.api+json', true],
    ['application/merge-patch+json; charset=utf-8', true],
    ['APPLICATION/LD+JSON', true],
    ['application/+json', true],
  ])('%j is JSON', (value, expected) => {
    expect(isJsonContentType(value)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['text/json'],
    ['application/jsonp'],
    ['application/json-seq'],
    ['application/x-json5'],
    ['application/json5'],
    ['application/xml; profile=+json'],
    ['application/x json'],
    ['text/plain; type=application/json'],
    ['multipart/form-data; boundary=application/json'],
    ['xapplication/json'],
  ])('%j is not JSON', (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});
