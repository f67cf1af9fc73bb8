/**
 * The signature base (RFC 9421 §2.5; docs/spec.md §5.4).
 */
import { type ComponentIdentifier, serializeComponentIdentifier } from './component-identifier.js';
import { type RequestComponentSource, requestComponentDeriver } from './components.js';

/**
 * Builds a request signature base: one `"<identifier>": <value>` line per covered component, then
 * the `"@signature-params"` line, joined by LF with no trailing LF.
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
 * @param source - the request the values are derived from.
 * @param signatureParams - the serialized inner list (see `serializeSignatureParams`).
 * @returns the signature base as a string of ASCII characters.
 * @throws SignwireError the component errors of `deriveComponentValue`. The query is parsed once for
 * all `@query-param` components: the cost is linear in the query's length plus the components.
 */
export function createSignatureBase(
  components: readonly ComponentIdentifier[],
  source: RequestComponentSource,
  signatureParams: string,
): string {
  const derive = requestComponentDeriver(source, components);
  return buildSignatureBaseFromIds(
    components.map(serializeComponentIdentifier),
    (index) => derive(components[index] as ComponentIdentifier),
    signatureParams,
  );
}

/**
 * The signature base from identifiers serialized beforehand (the verifier serializes the
 * covered list once, for its coverage check, and reuses it here; a prepared signer once per signer).
 *
 * @param serialized - the serialized identifiers of the covered components, in order.
 * @param derive - derives the value of the component at an index.
 * @param signatureParams - the serialized inner list.
 * @returns the signature base.
 */
export function buildSignatureBaseFromIds(
  serialized: readonly string[],
  derive: (index: number) => string,
  signatureParams: string,
): string {
  let base = '';
  for (let i = 0; i < serialized.length; i++) base += `${serialized[i]}: ${derive(i)}\n`;
  return `${base}"@signature-params": ${signatureParams}`;
}
