/**
 * The signature base (RFC 9421 §2.5; docs/spec.md §5.4).
 */
import { type ComponentIdentifier, type ComponentSource, deriveComponentValue, serializeComponentIdentifier } from './components.js';

/**
 * Builds the signature base: one `"<identifier>": <value>` line per covered component, then the
 * `"@signature-params"` line, joined by LF with no trailing LF.
 *
 * @example
 * ```text
 * "@method": GET
 * "@authority": api.example.com
 * "@path": /v1/items
 * "@query": ?
 * "@signature-params": ("@method" "@authority" "@path" "@query");created=1700000000;…
 * ```
 * @param components - the checked covered components, in order.
 * @param source - the message the values are derived from.
 * @param signatureParams - the serialized inner list (see `serializeSignatureParams`).
 * @returns the signature base as a string of ASCII characters.
 * @throws SignwireError the component errors of `deriveComponentValue`.
 */
export function createSignatureBase(components: readonly ComponentIdentifier[], source: ComponentSource, signatureParams: string): string {
  let base = '';
  for (const component of components) {
    base += `${serializeComponentIdentifier(component)}: ${deriveComponentValue(component, source)}\n`;
  }
  return `${base}"@signature-params": ${signatureParams}`;
}
