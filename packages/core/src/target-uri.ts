/**
 * The target URI: how the signer serializes it (WHATWG, as `fetch` sends it) and how both sides
 * split a serialized URL into the parts RFC 9421 derives components from (docs/spec.md §4).
 */
import { SignwireError } from './errors.js';
import { printable } from './headers.js';

/** A target URI split into the parts components are derived from. */
export interface TargetParts {
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** Lower-case host, with `:port` only when not the scheme's default. */
  readonly authority: string;
  /** The path as serialized; `/` when empty. */
  readonly path: string;
  /** The query without `?`, or `undefined` when the URL has no `?` at all. */
  readonly query: string | undefined;
}

const DEFAULT_PORT = { http: '80', https: '443' } as const;
// The path group must start with '/', so authority and path never compete for the same characters
// (overlapping groups made this regex quadratic on a long authority followed by '#').
const TARGET = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)((?:\/[^?#]*)?)(?:\?([^#]*))?$/;
const VISIBLE_NO_SPACE = /^[\x21-\x7e]*$/;
/** `.` and `..`, also percent-encoded (`%2e`, `.%2E`, …): segments a WHATWG client never sends. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Serializes a URL the way `fetch` will send it (WHATWG URL Standard), without its fragment.
 *
 * @param url - an absolute `http:`/`https:` URL, as a string or `URL`.
 * @returns the serialized URL.
 * @throws SignwireError URL_INVALID for a relative or unparsable URL, another scheme, or user info.
 */
export function serializeTargetUrl(url: string | URL): string {
  return resolveTargetUrl(url).url;
}

/** A target URL as `fetch` sends it, and its parts. */
export interface ResolvedTargetUrl {
  /** The WHATWG serialization without fragment. */
  readonly url: string;
  /** The parts components are derived from. */
  readonly target: TargetParts;
}

/**
 * Serializes a URL as {@link serializeTargetUrl} does and splits it into its parts, reading them from
 * the WHATWG parse instead of re-parsing the text: for the URLs a WHATWG parser emits (visible ASCII,
 * dot segments resolved, default port dropped, lower-case host) the parts are exactly those
 * {@link splitTargetUrl} gives for the serialization — the signing vectors check both paths.
 *
 * @param url - an absolute `http:`/`https:` URL, as a string or `URL`.
 * @returns the serialized URL and its parts.
 * @throws SignwireError URL_INVALID as {@link serializeTargetUrl}.
 */
export function resolveTargetUrl(url: string | URL): ResolvedTargetUrl {
  if (typeof url !== 'string' && !(url instanceof URL)) throw new SignwireError('URL_INVALID', 'the URL must be a string or a URL');
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url; // a URL object is read, never changed
  } catch (cause) {
    throw new SignwireError('URL_INVALID', `"${printable(String(url))}" is not an absolute URL`, { cause });
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new SignwireError('URL_INVALID', `the URL scheme must be http or https, not ${printable(parsed.protocol)}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new SignwireError('URL_INVALID', 'a URL with user info cannot be sent by fetch and is not signed');
  }
  // In a serialized URL a '#' can only start the fragment, and a '?' only the query: WHATWG
  // percent-encodes them everywhere else.
  const href = parsed.href;
  const fragment = href.indexOf('#');
  const serialized = fragment === -1 ? href : href.slice(0, fragment);
  const query = serialized.includes('?') ? parsed.search.slice(1) : undefined;
  return { url: serialized, target: { scheme, authority: parsed.host, path: parsed.pathname || '/', query } };
}

/**
 * Splits a serialized absolute URL into its parts, without normalizing the path or query. The
 * verifier uses this on `origin + raw request target` (docs/spec.md §4.2).
 *
 * @param url - `scheme://authority[path][?query]`.
 * @returns the parts.
 * @throws SignwireError URL_INVALID when the URL is not of that shape or holds characters outside
 * U+0021–U+007E in its path or query.
 */
export function splitTargetUrl(url: string): TargetParts {
  if (typeof url !== 'string') throw new SignwireError('URL_INVALID', 'the URL must be a string');
  const match = TARGET.exec(url);
  if (match === null) throw new SignwireError('URL_INVALID', `"${printable(url)}" is not an absolute URL without fragment`);
  const scheme = (match[1] as string).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new SignwireError('URL_INVALID', `the URL scheme must be http or https, not ${printable(scheme)}`);
  }
  const rawPath = match[3] as string;
  const query = match[4];
  if (!VISIBLE_NO_SPACE.test(rawPath) || (query !== undefined && !VISIBLE_NO_SPACE.test(query))) {
    throw new SignwireError('URL_INVALID', 'the request target holds a character that is not visible ASCII');
  }
  // Only a path holding `.` or `%` can have a dot segment; splitting the others would find none.
  // `\\` separates segments here as it does for a WHATWG parser (docs/spec.md §4.2).
  if (/[.%]/.test(rawPath) && rawPath.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment))) {
    throw new SignwireError('URL_INVALID', 'the request target has a dot segment (docs/spec.md §4.2)');
  }
  return {
    scheme,
    authority: normalizedAuthority(match[2] as string, scheme),
    path: rawPath === '' ? '/' : rawPath,
    query,
  };
}

/**
 * The last authority {@link normalizeAuthority} was asked for and its answer: a verifier sees the
 * same origin on nearly every request, so the answer for the last one is kept rather than parsed
 * again per request. Only successful answers are kept, so an error is thrown every time.
 */
let lastAuthority: { authority: string; scheme: string; normalized: string } | undefined;

function normalizedAuthority(authority: string, scheme: 'http' | 'https'): string {
  const last = lastAuthority;
  if (last !== undefined && last.authority === authority && last.scheme === scheme) return last.normalized;
  const normalized = normalizeAuthority(authority, scheme);
  lastAuthority = { authority, scheme, normalized };
  return normalized;
}

/**
 * Normalizes an authority: lower-case host, no default port, no user info allowed.
 *
 * @param authority - `host[:port]` as configured or received.
 * @param scheme - the scheme whose default port is dropped.
 * @returns the normalized authority.
 * @throws SignwireError URL_INVALID for user info, an empty host or a bad port.
 */
export function normalizeAuthority(authority: string, scheme: 'http' | 'https'): string {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:@[\]\s]+)(?::([0-9]*))?$/.exec(authority);
  if (match === null) throw new SignwireError('URL_INVALID', `"${printable(authority)}" is not a valid authority`);
  const host = (match[1] as string).toLowerCase();
  const rawPort = match[2];
  if (rawPort === undefined || rawPort === '') return host;
  const port = rawPort.replace(/^0+(?=\d)/, '');
  if (port.length > 5 || Number(port) > 65535) throw new SignwireError('URL_INVALID', `port ${printable(rawPort)} is out of range`);
  return port === DEFAULT_PORT[scheme] ? host : `${host}:${port}`;
}
