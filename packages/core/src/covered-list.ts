/**
 * The covered list of a request signature (docs/spec.md §6) for one shape of request: the default
 * components, serialized once, and how their values are derived. Components beyond the defaults need
 * the rules of `signer-components.ts` ({@link ComponentRules}), which a signer receives only when it
 * is asked to cover some: a signer of the defaults carries no identifier parser, no `@query-param`
 * parser and no structured-field serializer.
 */
import type { ComponentIdentifier, ComponentInput } from './component-identifier.js';
import { fieldValue, type RequestComponentSource, visibleValue } from './components.js';
import { REQUIRED_COMPONENTS } from './constants.js';

/** What decides a request's default covered list (docs/spec.md §6). */
export interface RequestShape {
  /** The request has a `Content-Type` field. */
  readonly hasContentType: boolean;
  /** The request has a `Content-Encoding` field. */
  readonly hasContentEncoding: boolean;
  /** The request has a body (≥ 1 byte): `content-digest` is covered. */
  readonly hasBody: boolean;
}

/** A covered list for one shape of request, serialized once. */
export interface CoveredList {
  /** The covered components, in order (frozen). */
  readonly components: readonly ComponentIdentifier[];
  /** Their serialized identifiers, in order (frozen; handed to callers as `SignedRequestParts.covered`). */
  readonly identifiers: readonly string[];
  /** `("@method" "@authority" …)`, the start of `@signature-params`. */
  readonly innerList: string;
  /**
   * Derives the component values of one request.
   *
   * @param source - the request.
   * @returns the value of the component at an index of {@link CoveredList.components}.
   */
  deriver(source: RequestComponentSource): (index: number) => string;
}

/**
 * What a signer needs to cover components beyond the defaults: checking them once, and building the
 * covered list of a request shape with them. Kept out of a signer that covers the defaults only.
 */
export interface ComponentRules {
  /**
   * Checks the extra components (docs/spec.md §6).
   *
   * @param extras - the components as given.
   * @returns the checked identifiers.
   * @throws SignwireError COMPONENT_INVALID, COMPONENT_UNSUPPORTED or HEADER_FORBIDDEN.
   */
  check(extras: readonly ComponentInput[]): readonly ComponentIdentifier[];
  /**
   * The covered list of one request shape: the default names, then the checked extras.
   *
   * @param defaults - the default component names of the shape: `@method @authority @path @query`, then `content-type`, `content-encoding`, `content-digest` as the shape has them.
   * @param extras - the extras as {@link ComponentRules.check} returned them.
   * @returns the covered list.
   * @throws SignwireError COMPONENT_UNSUPPORTED when an extra repeats a default of this shape.
   */
  coveredList(defaults: readonly string[], extras: readonly ComponentIdentifier[]): CoveredList;
}

/**
 * The default components of a request shape, in order: `@method @authority @path @query`, then
 * `content-type` and `content-encoding` when present, then `content-digest` with a body.
 *
 * @param shape - the request's shape.
 * @returns the component names.
 */
export function defaultComponentNames(shape: RequestShape): string[] {
  const names = [...REQUIRED_COMPONENTS];
  if (shape.hasContentType) names.push('content-type');
  if (shape.hasContentEncoding) names.push('content-encoding');
  if (shape.hasBody) names.push('content-digest');
  return names;
}

/**
 * The covered list of the default components alone. Their names are printable ASCII without `"` or
 * `\`, so each identifier serializes as the name in quotes.
 *
 * @param names - the default component names ({@link defaultComponentNames}).
 * @returns the covered list.
 */
export function defaultCoveredList(names: readonly string[]): CoveredList {
  const identifiers = Object.freeze(names.map((name) => `"${name}"`));
  return {
    components: Object.freeze(names.map((name) => Object.freeze({ name }))),
    identifiers,
    innerList: `(${identifiers.join(' ')})`,
    deriver: (source) => (index) => visibleValue(identifiers[index] as string, defaultValue(names[index] as string, source)),
  };
}

/** The value of a default component: a derived one or a field. */
function defaultValue(name: string, { method, target, fields }: RequestComponentSource): string {
  switch (name) {
    case '@method':
      return method;
    case '@authority':
      return target.authority;
    case '@path':
      return target.path;
    case '@query':
      return `?${target.query ?? ''}`;
    default:
      return fieldValue(name, fields);
  }
}
