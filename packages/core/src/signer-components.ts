/**
 * The components a signer covers beyond the defaults (docs/spec.md §6): checked once, when a signer is
 * prepared, and added to the covered list of each request shape. A signer receives these rules only
 * when it covers extras ({@link requestComponentRules}), so one that covers the defaults carries none.
 */
import {
  type ComponentIdentifier,
  type ComponentInput,
  checkSignerComponents,
  requestComponentDeriver,
  serializeComponentIdentifier,
  toComponentIdentifier,
} from './components.js';
import { REQUIRED_COMPONENTS } from './constants.js';
import type { ComponentRules, CoveredList } from './covered-list.js';
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

/**
 * The rules a request signer needs to cover components beyond the defaults: `createRequestSigner`
 * uses them; `@signwire/client` hands them to its signer only when the application imports
 * `extraComponents`.
 */
export const requestComponentRules: ComponentRules = /* @__PURE__ */ Object.freeze({
  check: checkExtraComponents,
  coveredList: extendedCoveredList,
});

/**
 * The covered list of one request shape: its defaults, then the extras. An extra may repeat a default
 * that only some requests cover (content-type, content-encoding): refused here, per shape.
 */
function extendedCoveredList(defaults: readonly string[], extras: readonly ComponentIdentifier[]): CoveredList {
  const components = checkSignerComponents([...defaults.map((name) => ({ name })), ...extras]);
  // Frozen: the identifiers are handed to callers (SignedRequestParts.covered) and reused per request.
  const identifiers = Object.freeze(components.map(serializeComponentIdentifier));
  const frozen = Object.freeze(components.map((component) => Object.freeze(component)));
  return {
    components: frozen,
    identifiers,
    // RFC 8941 §4.1.1.1: an inner list is its items' serializations, space-separated, in parentheses.
    innerList: `(${identifiers.join(' ')})`,
    deriver: (source) => {
      const derive = requestComponentDeriver(source, frozen);
      return (index) => derive(frozen[index] as ComponentIdentifier);
    },
  };
}
