/**
 * URL resolution: absolute URLs as given, relative ones against the page's origin in a browser.
 */
import { SignwireError } from '@signwire/core';
import { resolveTargetUrl } from '@signwire/core/internal';

/**
 * Resolves a request URL the way `fetch` does: a relative URL resolves against
 * `globalThis.location` (a browser page or worker); without one (Node) it is refused.
 *
 * @param url - the URL as the caller gave it.
 * @returns the absolute URL, parsed once (core's signer reads its parts from this parse).
 * @throws SignwireError URL_INVALID for a relative URL without `location`, another scheme, or user info.
 */
export function resolveUrl(url: string | URL): URL {
  if (url instanceof URL) return checked(url);
  const text = String(url);
  const absolute = parseUrl(text, undefined);
  if (absolute !== undefined) return checked(absolute);
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  const resolved = typeof base === 'string' ? parseUrl(text, base) : undefined;
  if (resolved === undefined) {
    throw new SignwireError(
      'URL_INVALID',
      'the URL is relative or invalid and there is no globalThis.location to resolve it against (outside a browser, pass an absolute URL)',
    );
  }
  return checked(resolved);
}

/** Refuses what fetch cannot send or core cannot sign (another scheme, user info) with URL_INVALID. */
function checked(url: URL): URL {
  resolveTargetUrl(url);
  return url;
}

function parseUrl(text: string, base: string | undefined): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
