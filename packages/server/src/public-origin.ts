/**
 * Where `@authority` and `@scheme` come from (docs/spec.md §4.2): a configured public origin, a
 * trusted-proxy list for `X-Forwarded-Host` / `X-Forwarded-Proto`, or an explicit opt-in to trust
 * the transport's own host. Never a blind trust in `Host`.
 */
import { ConfigurationError, VerificationError } from '@signwire/core';
import type { FieldLines } from '@signwire/core/internal';

/** How the verifier learns the origin the client signed. Exactly one member is set. */
export interface OriginOptions {
  /** The origin clients use, e.g. `https://api.example.com` (the safe choice behind any proxy). */
  readonly publicOrigin?: string | undefined;
  /**
   * Peer addresses (exact IPs) of proxies allowed to set `X-Forwarded-Host` / `X-Forwarded-Proto`.
   * A request from any other peer is refused (URL_INVALID).
   */
  readonly trustedProxies?: readonly string[] | undefined;
  /**
   * `true` to take the origin from the request itself (the Fetch URL, or `Host`): only when the
   * platform guarantees it (e.g. an edge runtime that routes by hostname).
   */
  readonly trustHost?: boolean | undefined;
}

/** What the transport saw about where the request was sent. */
export interface TransportOrigin {
  /** The connection's scheme. */
  readonly scheme?: 'http' | 'https' | undefined;
  /** The host the transport saw (Fetch URL host, or the `Host` field). */
  readonly authority?: string | undefined;
  /** The peer address, for the trusted-proxy check. */
  readonly remoteAddress?: string | undefined;
}

/** Resolves the origin for one request. */
export type OriginResolver = (fields: FieldLines, transport: TransportOrigin) => string;

function invalid(message: string): VerificationError {
  return new VerificationError('URL_INVALID', message);
}

function single(fields: FieldLines, name: string): string | undefined {
  const values = fields.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim());
  if (values.length === 0) return undefined;
  if (values.length > 1 || values[0]?.includes(',')) throw invalid(`the request has more than one ${name} value`);
  return values[0];
}

function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'publicOrigin must be an absolute http(s) origin', { cause });
  }
  const bare = (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && url.username === '';
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || url.password !== '') {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'publicOrigin must be scheme://host[:port] only, e.g. https://api.example.com');
  }
  return url.origin;
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Builds the origin resolver from the options, checking them.
 *
 * @param options - exactly one of `publicOrigin`, `trustedProxies`, `trustHost: true`.
 * @returns the resolver.
 * @throws ConfigurationError CONFIGURATION_INVALID when none or several are set, or one is malformed.
 */
export function createOriginResolver(options: OriginOptions): OriginResolver {
  const chosen = [options.publicOrigin !== undefined, options.trustedProxies !== undefined, options.trustHost === true];
  if (chosen.filter(Boolean).length !== 1) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'set exactly one of publicOrigin, trustedProxies or trustHost: true (the verifier never trusts Host by default)',
    );
  }
  if (options.publicOrigin !== undefined) {
    const origin = parseOrigin(options.publicOrigin);
    return () => origin;
  }
  const fromTransport = (transport: TransportOrigin, host: string | undefined, proto: string | undefined): string => {
    const scheme = proto ?? transport.scheme;
    if (scheme !== 'http' && scheme !== 'https') throw invalid('the request scheme is unknown or not http(s)');
    if (host === undefined || !/^[A-Za-z0-9._~!$&'()*+;=%:[\]-]+$/.test(host)) throw invalid('the request has no valid host');
    return `${scheme}://${host}`;
  };
  if (options.trustHost === true) {
    return (fields, transport) => fromTransport(transport, transport.authority ?? single(fields, 'host'), undefined);
  }
  const proxies = options.trustedProxies ?? [];
  if (!Array.isArray(proxies) || proxies.length === 0 || proxies.some((p) => typeof p !== 'string' || p === '')) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'trustedProxies must be a non-empty list of IP addresses');
  }
  const trusted = new Set(proxies.map(unmapped));
  return (fields, transport) => {
    if (transport.remoteAddress === undefined || !trusted.has(unmapped(transport.remoteAddress))) {
      throw invalid('the request did not come through a trusted proxy');
    }
    const proto = single(fields, 'x-forwarded-proto')?.toLowerCase();
    const host = single(fields, 'x-forwarded-host') ?? single(fields, 'host');
    return fromTransport(transport, host, proto);
  };
}
