/**
 * Component identifiers and values (RFC 9421 §2; docs/spec.md §5).
 */
import { serializeItem } from 'structured-headers';
import { MAX_COMPONENTS, TOKEN_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import { type FieldLines, fieldValues, printable } from './headers.js';
import { queryParamValue } from './query-param.js';
import type { TargetParts } from './target-uri.js';

/** A covered component: a derived `@`-name or a lower-case field name, with `name` for `@query-param`. */
export interface ComponentIdentifier {
  /** `@method`, `@authority`, …, or a lower-case field name such as `content-type`. */
  readonly name: string;
  /** Identifier parameters; only `name` (for `@query-param`) is supported. */
  readonly params?: { readonly name?: string };
}

/** What a component can be written as in options: `'x-request-id'` or an identifier object. */
export type ComponentInput = string | ComponentIdentifier;

/** The message a component value is derived from. */
export interface ComponentSource {
  readonly method: string;
  readonly target: TargetParts;
  readonly fields: FieldLines;
}

const DERIVED = new Set(['@method', '@authority', '@scheme', '@target-uri', '@request-target', '@path', '@query', '@query-param']);
const VISIBLE_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Checks an identifier and returns it in canonical object form.
 *
 * @param input - a component as given.
 * @returns the identifier.
 * @throws SignwireError COMPONENT_INVALID for a name that is neither a derived name nor a lower-case
 * token; COMPONENT_UNSUPPORTED for unsupported derived components or parameters.
 */
export function toComponentIdentifier(input: ComponentInput): ComponentIdentifier {
  const identifier = typeof input === 'string' ? { name: input } : input;
  const { name, params } = identifier;
  const paramNames = params === undefined ? [] : Object.keys(params);
  if (typeof name !== 'string') throw new SignwireError('COMPONENT_INVALID', 'a component name must be a string');
  if (name.startsWith('@')) {
    if (!DERIVED.has(name)) throw new SignwireError('COMPONENT_UNSUPPORTED', `the component ${printable(name)} is not supported`);
    if (name === '@query-param') {
      const paramName = params?.name;
      if (typeof paramName !== 'string' || paramNames.length !== 1) {
        throw new SignwireError('COMPONENT_INVALID', '@query-param needs exactly one parameter: a string name');
      }
      return { name, params: { name: paramName } };
    }
  } else if (!TOKEN_PATTERN.test(name) || name !== name.toLowerCase()) {
    throw new SignwireError('COMPONENT_INVALID', `the component name "${printable(name)}" is not a lower-case field name`);
  }
  if (paramNames.length > 0) {
    throw new SignwireError('COMPONENT_UNSUPPORTED', `component parameters ${printable(paramNames.join(','))} are not supported`);
  }
  return { name };
}

/**
 * Serializes an identifier as a structured-field item: `"@method"`, `"@query-param";name="q"`.
 *
 * @param identifier - a checked identifier.
 * @returns its serialization.
 */
export function serializeComponentIdentifier(identifier: ComponentIdentifier): string {
  const params = new Map<string, string>();
  if (identifier.params?.name !== undefined) params.set('name', identifier.params.name);
  try {
    return serializeItem([identifier.name, params]);
  } catch (cause) {
    throw new SignwireError('COMPONENT_INVALID', 'a component identifier cannot be serialized', { cause });
  }
}

/**
 * Checks a covered list: size, duplicates and each identifier.
 *
 * @param components - the covered components.
 * @returns the checked identifiers.
 * @throws SignwireError SIGNATURE_MALFORMED for more than {@link MAX_COMPONENTS} or a duplicate, or the
 * errors of {@link toComponentIdentifier}.
 */
export function checkCoveredList(components: readonly ComponentInput[]): ComponentIdentifier[] {
  if (components.length > MAX_COMPONENTS) {
    throw new SignwireError('SIGNATURE_MALFORMED', `more than ${MAX_COMPONENTS} covered components`);
  }
  const seen = new Set<string>();
  return components.map((input) => {
    const identifier = toComponentIdentifier(input);
    const key = serializeComponentIdentifier(identifier);
    if (seen.has(key)) throw new SignwireError('SIGNATURE_MALFORMED', `the component ${printable(key)} is covered twice`);
    seen.add(key);
    return identifier;
  });
}

/**
 * Derives a component value from the message.
 *
 * @param identifier - a checked identifier.
 * @param source - the message.
 * @returns the component value (visible ASCII only).
 * @throws SignwireError COMPONENT_UNAVAILABLE, COMPONENT_INVALID or QUERY_PARAM_AMBIGUOUS.
 */
export function deriveComponentValue(identifier: ComponentIdentifier, source: ComponentSource): string {
  const value = rawComponentValue(identifier, source);
  if (!VISIBLE_VALUE.test(value)) {
    throw new SignwireError(
      'COMPONENT_INVALID',
      `the value of ${serializeComponentIdentifier(identifier)} holds CR, LF, a control or a non-ASCII character`,
    );
  }
  return value;
}

function rawComponentValue(identifier: ComponentIdentifier, { method, target, fields }: ComponentSource): string {
  const hasQuery = target.query !== undefined;
  switch (identifier.name) {
    case '@method':
      return method;
    case '@authority':
      return target.authority;
    case '@scheme':
      return target.scheme;
    case '@target-uri':
      return `${target.scheme}://${target.authority}${target.path}${hasQuery ? `?${target.query}` : ''}`;
    case '@request-target':
      return `${target.path}${hasQuery ? `?${target.query}` : ''}`;
    case '@path':
      return target.path;
    case '@query':
      return `?${target.query ?? ''}`;
    case '@query-param':
      return queryParamValue(target.query ?? '', identifier.params?.name ?? '');
    default:
      return fieldValue(identifier.name, fields);
  }
}

function fieldValue(name: string, fields: FieldLines): string {
  const values = fieldValues(fields, name);
  if (values.length === 0) throw new SignwireError('COMPONENT_UNAVAILABLE', `the covered field ${name} is not in the message`);
  return values.map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')).join(', ');
}
