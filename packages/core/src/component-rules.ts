/**
 * The checks of component identifiers common to request signatures (`toComponentIdentifier` in
 * `component-identifier.ts`) and response signatures (`response-component-identifier.ts`).
 */
import type { ComponentIdentifier, ComponentInput, ComponentParameters } from './component-identifier.js';
import { TOKEN_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';

/** The derived components of a request (RFC 9421 §2.2), which a response signature covers with `;req`. */
const REQUEST_DERIVED = new Set(['@method', '@authority', '@scheme', '@target-uri', '@request-target', '@path', '@query', '@query-param']);

/** A component as given, split into its name and parameters (the checks common to both message kinds). */
export interface ComponentParts {
  /** The name, a string. */
  readonly name: string;
  /** The parameters object as given (`{}` when absent). */
  readonly params: Record<string, unknown>;
  /** Its own enumerable entries, in order. */
  readonly entries: [string, unknown][];
}

/**
 * Reads a component given as a name or `{ name, params }`.
 *
 * @param input - the component as given.
 * @returns its name, parameters and parameter entries in order.
 * @throws SignwireError COMPONENT_INVALID when it is neither, or the name is not a string.
 */
export function readComponentInput(input: ComponentInput): ComponentParts {
  if (typeof input !== 'string' && (input === null || typeof input !== 'object')) {
    throw new SignwireError('COMPONENT_INVALID', 'a component must be a name or { name, params }');
  }
  const { name, params = {} } = typeof input === 'string' ? { name: input } : input;
  if (typeof name !== 'string') throw new SignwireError('COMPONENT_INVALID', 'a component name must be a string');
  return { name, params: params as Record<string, unknown>, entries: Object.entries(params as Record<string, unknown>) };
}

/**
 * Refuses a derived name that is not one of a request's (RFC 9421 §2.2).
 *
 * @param name - an `@`-name.
 * @throws SignwireError COMPONENT_UNSUPPORTED.
 */
export function assertRequestDerived(name: string): void {
  if (!REQUEST_DERIVED.has(name)) throw new SignwireError('COMPONENT_UNSUPPORTED', `the component ${printable(name)} is not supported`);
}

/**
 * Checks the parameters of a derived component other than `req` (docs/spec.md §5.1): first any
 * parameter other than `name` on `@query-param` (and any parameter on the others) is
 * COMPONENT_UNSUPPORTED; then `@query-param` without a string `name` is COMPONENT_INVALID.
 *
 * @param name - the `@`-name.
 * @param others - its parameters except `req`.
 * @throws SignwireError COMPONENT_INVALID or COMPONENT_UNSUPPORTED.
 */
export function checkDerivedParameters(name: string, others: [string, unknown][]): void {
  const allowed = name === '@query-param' ? 'name' : undefined;
  const unsupported = others.filter(([key]) => key !== allowed);
  if (unsupported.length > 0) {
    throw new SignwireError(
      'COMPONENT_UNSUPPORTED',
      `parameters ${printable(unsupported.map(([k]) => k).join(','))} are not supported on ${name}`,
    );
  }
  if (name === '@query-param' && typeof others[0]?.[1] !== 'string') {
    throw new SignwireError('COMPONENT_INVALID', '@query-param needs exactly one parameter: a string name');
  }
}

/**
 * Refuses a field name that is not a lower-case RFC 9110 token.
 *
 * @param name - the field name.
 * @throws SignwireError COMPONENT_INVALID.
 */
export function assertFieldName(name: string): void {
  if (!TOKEN_PATTERN.test(name) || name !== name.toLowerCase()) {
    throw new SignwireError('COMPONENT_INVALID', `the component name "${printable(name)}" is not a lower-case field name`);
  }
}

/**
 * The identifier in canonical object form: no `params` when there are none.
 *
 * @param name - the checked name.
 * @param entries - the checked parameters, in order.
 * @returns the identifier.
 */
export function identifierOf(name: string, entries: [string, unknown][]): ComponentIdentifier {
  return entries.length === 0 ? { name } : { name, params: Object.fromEntries(entries) as ComponentParameters };
}
