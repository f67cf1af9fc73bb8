/**
 * URL resolution: absolute URLs as given, relative ones against the page's origin in a browser.
 */
import { SignwireError, serializeTargetUrl } from '@signwire/core';

/**
 * Resolves a request URL the way `fetch` does: a relative URL resolves against
 * `globalThis.location` (a browser page or worker); without one (Node) it is refused.
 *
 * @param url - the URL as the caller gave it.
 * @returns the absolute URL, WHATWG-serialized, without fragment.
 * @throws SignwireError URL_INVALID for a relative URL without `location`, another scheme, or user info.
 */
export function resolveUrl(url: string | URL): string {
  if (url instanceof URL) return serializeTargetUrl(url);
  const text = String(url);
  const absolute = parseUrl(text, undefined);
  if (absolute !== undefined) return serializeTargetUrl(absolute);
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  const resolved = typeof base === 'string' ? parseUrl(text, base) : undefined;
  if (resolved === undefined) {
    throw new SignwireError(
      'URL_INVALID',
      'the URL is relative or invalid and there is no globalThis.location to resolve it against (outside a browser, pass an absolute URL)',
    );
  }
  return serializeTargetUrl(resolved);
}

function parseUrl(text: string, base: string | undefined): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
