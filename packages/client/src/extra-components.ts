/**
 * Components a signer covers beyond the defaults (`x-request-id`, `authorization`, `@query-param`, …).
 * The rules that check and derive them come with {@link extraComponents}, so an application that
 * signs the defaults only does not ship them.
 */
import type { ComponentInput } from '@signwire/core';
import { type ComponentRules, requestComponentRules } from '@signwire/core/internal';

/** Components to cover after the defaults, for `createSigner({ components })`. Create with {@link extraComponents}. */
export interface ExtraComponents {
  /** The components as given (checked by `createSigner`). */
  readonly list: readonly ComponentInput[];
  /** The rules that check them and derive their values. */
  readonly rules: ComponentRules;
}

/**
 * Names components for a signer to cover after the defaults. They are checked by `createSigner`, in
 * its order (after the key, the key id and the label): COMPONENT_INVALID for a bad name or parameter,
 * COMPONENT_UNSUPPORTED for a component a request signature cannot carry or a repeat,
 * HEADER_FORBIDDEN for a field browsers set or forbid (`host`, `cookie`, `origin`, `sec-*`, …).
 *
 * @example
 * ```ts
 * const signer = createSigner({
 *   keyId, secret,
 *   components: extraComponents(['x-request-id', 'authorization', { name: '@query-param', params: { name: 'q' } }]),
 * });
 * ```
 * @param components - field names (lower case) and derived components, in the order to cover them.
 * @returns the components with their rules, for `createSigner({ components })`.
 */
export function extraComponents(components: readonly ComponentInput[]): ExtraComponents {
  return Object.freeze({ list: components, rules: requestComponentRules });
}
