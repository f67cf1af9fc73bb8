import { describe, expect, it } from 'vitest';
import { checkRequestTarget } from '../src/request-target.js';

describe('checkRequestTarget: only an origin-form target is verified (docs/spec.md §4.2)', () => {
  it.each(['/', '/v1/orders', '/v1/orders?dry_run=1&x=%20', "/a!$&'()*+,;=:@~-._"])('accepts %s', (target) => {
    expect(() => checkRequestTarget(target)).not.toThrow();
  });

  it.each([
    ['an absolute URL', 'https://api.example.com/v1/orders'],
    ['the asterisk form', '*'],
    ['an empty target', ''],
    ['a fragment', '/v1/orders#top'],
    ['a space', '/v1/or ders'],
    ['a control character', '/v1/\x7f'],
    ['a non-ASCII character', '/v1/ördér'],
  ])('refuses %s with URL_INVALID', (_what, target) => {
    expect(() => checkRequestTarget(target)).toThrow(expect.objectContaining({ code: 'URL_INVALID', status: 400 }));
  });
});
