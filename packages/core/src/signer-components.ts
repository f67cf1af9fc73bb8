/**
 * The components a signer covers beyond the defaults: checked once, when a signer is prepared
 * (docs/spec.md §6).
 */
import { type ComponentIdentifier, type ComponentInput, checkSignerComponents, toComponentIdentifier } from './components.js';
import { REQUIRED_COMPONENTS } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';

/** Fields a signer must never cover (docs/spec.md §6). */
const FORBIDDEN_FIELDS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'date',
  'cookie',
  'cookie2',
  'set-cookie',
  'origin',
  'referer',
  'via',
  'dnt',
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'signature',
  'signature-input',
  'content-digest',
]);
/**
 * Checks the extra components a signer is asked to cover, in the order of docs/spec.md §6: each is a
 * valid request-signature identifier, not a field the signer must not cover, and not a repeat (of
 * another extra or of an always-covered default). Signers call it once at construction to fail fast;
 * `signRequest` applies the same checks per request.
 *
 * @param extras - the components to cover after the defaults.
 * @returns the checked identifiers.
 * @throws SignwireError COMPONENT_INVALID, COMPONENT_UNSUPPORTED or HEADER_FORBIDDEN.
 */
export function checkExtraComponents(extras: readonly ComponentInput[]): ComponentIdentifier[] {
  if (!Array.isArray(extras)) throw new SignwireError('COMPONENT_INVALID', 'components must be an array');
  const identifiers = extras.map((extra) => {
    const identifier = toComponentIdentifier(extra);
    const { name } = identifier;
    if (FORBIDDEN_FIELDS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-')) {
      throw new SignwireError('HEADER_FORBIDDEN', `the field ${printable(name)} must not be covered (browsers set or forbid it)`);
    }
    return identifier;
  });
  checkSignerComponents([...REQUIRED_COMPONENTS.map((name) => ({ name })), ...identifiers]);
  return identifiers;
}
