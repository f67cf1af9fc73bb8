/**
 * The one conversion from a Fetch `Request` to a received message. The Fetch URL has already been
 * normalized by the WHATWG parser, so the target is its path and query unless the runtime passes
 * the raw request target in the context.
 */
import { ConfigurationError } from '@signwire/core';
import type { ReceivedMessage, VerifyContext } from './verifier-types.js';

const ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

/**
 * Converts a Fetch `Request` for the verifier.
 *
 * @param request - the received request (its body is read later, once).
 * @param context - the raw request target and peer address, when the runtime knows them.
 * @returns the message.
 * @throws VerificationError CONFIGURATION_INVALID when the body was already read by someone else.
 */
export function fromFetchRequest(request: Request, context: VerifyContext = {}): ReceivedMessage {
  if (request.bodyUsed) {
    throw new ConfigurationError('CONFIGURATION_INVALID', 'the request body was already read before the verifier ran; verify first');
  }
  const match = ORIGIN.exec(request.url);
  const rest = match === null ? request.url : request.url.slice(match[0].length);
  const withoutFragment = rest.split('#')[0] ?? '';
  const scheme = match?.[1]?.toLowerCase();
  const headers: [string, string][] = [];
  request.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  return {
    method: request.method,
    requestTarget: context.requestTarget ?? (withoutFragment === '' ? '/' : withoutFragment),
    headers,
    body: request.body,
    scheme: scheme === 'http' || scheme === 'https' ? scheme : undefined,
    authority: match?.[2],
    remoteAddress: context.remoteAddress,
  };
}
