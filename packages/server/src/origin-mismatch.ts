/**
 * A hint for a signature that does not match while `publicOrigin` is set. `@authority` then comes
 * from configuration, so a client that signed the host it really called (a local server, a staging
 * host) fails with SIGNATURE_INVALID although the transport saw that host. The hint says so; it is
 * given only after the MAC failed, and only to `onFailure`, the debug body and the rejection log.
 */
import type { FieldLines } from '@signwire/core/internal';
import type { TransportOrigin } from './public-origin.js';

/** Compares the host the transport saw with the configured origin; a sentence when they differ. */
export type OriginMismatchHint = (fields: FieldLines, transport: TransportOrigin) => string | undefined;

/** The characters of an authority (RFC 3986 reg-name, IP literal, port); no userinfo, no path. */
const AUTHORITY = /^[A-Za-z0-9._~!$&'()*+;=%:[\]-]+$/;

/**
 * Builds the hint for a configured public origin.
 *
 * @param publicOrigin - the verifier's `publicOrigin`, already checked by the origin resolver; the
 * other origin choices (`trustedProxies`, `trustHost`) take the authority from the request, so
 * they get no hint.
 * @returns the hint, or `undefined` when `publicOrigin` is not set.
 */
export function createOriginMismatchHint(publicOrigin: string | undefined): OriginMismatchHint | undefined {
  if (publicOrigin === undefined) return undefined;
  const origin = new URL(publicOrigin);
  return (fields, transport) => {
    const seen = transport.authority ?? hostField(fields);
    if (seen === undefined || seen === '' || sameHost(seen, origin)) return undefined;
    return (
      `the request was sent to host "${loggable(seen)}", but @authority is taken from publicOrigin ${origin.origin}: ` +
      `a client that called "${loggable(seen)}" signed that host instead. Set publicOrigin to the origin clients use ` +
      '(behind a proxy that rewrites Host this difference is expected, and the cause is elsewhere)'
    );
  };
}

function hostField(fields: FieldLines): string | undefined {
  for (const [name, value] of fields) if (name.toLowerCase() === 'host') return value.trim();
  return undefined;
}

/** Host and port compared as URLs do: case-insensitive, the scheme's default port dropped. */
function sameHost(seen: string, origin: URL): boolean {
  if (!AUTHORITY.test(seen)) return false;
  try {
    return new URL(`${origin.protocol}//${seen}`).host === origin.host;
  } catch {
    return false;
  }
}

/** At most 100 visible ASCII characters: the host comes from the client. */
function loggable(text: string): string {
  const visible = text.slice(0, 100).replace(/[^\x21-\x7e]/g, '?');
  return text.length > 100 ? `${visible}...` : visible;
}
