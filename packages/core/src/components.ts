/**
 * Component values of request signatures (RFC 9421 §2; docs/spec.md §5). Response components live in
 * `response-components.ts`, so that signing a request never pulls in the structured-field parser.
 */
import { type ComponentIdentifier, serializeComponentIdentifier } from './component-identifier.js';
import { SignwireError } from './errors.js';
import { type FieldLines, isFieldNamed } from './headers.js';
import { parseQueryParameters, type QueryParameters } from './query-param.js';
import type { TargetParts } from './target-uri.js';

export {
  type ComponentIdentifier,
  type ComponentInput,
  type ComponentParameters,
  checkCoveredList,
  checkSignerComponents,
  type MessageKind,
  serializeComponentIdentifier,
  toComponentIdentifier,
} from './component-identifier.js';

/** The request a component value is derived from. */
export interface RequestComponentSource {
  /** The method as sent (signer) or received (verifier). */
  readonly method: string;
  /** The target URI split into scheme, authority, path and query. */
  readonly target: TargetParts;
  /** The header fields, in order. */
  readonly fields: FieldLines;
}

/** The message a request-signature component value is derived from. */
export type ComponentSource = RequestComponentSource;

const VISIBLE_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Derives a component value from a request (response components: `deriveResponseComponentValue`).
 * Each call parses the query for a `@query-param`; `createSignatureBase` parses it once for all of
 * them.
 *
 * @param identifier - a checked identifier.
 * @param source - the request.
 * @returns the component value (visible ASCII only).
 * @throws SignwireError COMPONENT_UNAVAILABLE, COMPONENT_INVALID, COMPONENT_UNSUPPORTED or QUERY_PARAM_AMBIGUOUS.
 */
export function deriveComponentValue(identifier: ComponentIdentifier, source: RequestComponentSource): string {
  return requestComponentDeriver(source, [identifier])(identifier);
}

/**
 * Derives the components of one request: {@link deriveComponentValue} for each, with the query parsed
 * at most once, on the first `@query-param`, for the names of all the `@query-param` in `components`
 * (docs/spec.md §5.3). A signature base then costs time linear in the length of the query plus the
 * number of components.
 *
 * @param source - the request (read on each call, except its query, parsed once).
 * @param components - the components that will be derived (others still can be, at a pass each).
 * @returns a function that derives one component value, with the errors of {@link deriveComponentValue}.
 */
export function requestComponentDeriver(
  source: RequestComponentSource,
  components: readonly ComponentIdentifier[],
): (identifier: ComponentIdentifier) => string {
  let query: QueryParameters | undefined;
  return (identifier) => {
    if (identifier.name !== '@query-param') {
      return assertVisible(
        identifier,
        identifier.name.startsWith('@') ? derivedRequestValue(identifier, source) : fieldValue(identifier.name, source.fields),
      );
    }
    // Parsed once, for the `name` of every component (only a `@query-param` has one).
    query ??= parseQueryParameters(
      source.target.query ?? '',
      components.map((c) => c.params?.name ?? ''),
    );
    return assertVisible(identifier, query.value(identifier.params?.name ?? ''));
  };
}

/**
 * Refuses a component value with CR, LF, controls or non-ASCII characters (docs/spec.md §5).
 *
 * @param identifier - the component (for the message).
 * @param value - its value.
 * @returns the value.
 */
export function assertVisible(identifier: ComponentIdentifier, value: string): string {
  return VISIBLE_VALUE.test(value) ? value : visibleValue(serializeComponentIdentifier(identifier), value);
}

/**
 * {@link assertVisible} for a component whose identifier is already serialized.
 *
 * @param identifier - the serialized identifier (for the message).
 * @param value - the value.
 * @returns the value.
 * @throws SignwireError COMPONENT_INVALID.
 */
export function visibleValue(identifier: string, value: string): string {
  if (!VISIBLE_VALUE.test(value)) {
    throw new SignwireError('COMPONENT_INVALID', `the value of ${identifier} holds CR, LF, a control or a non-ASCII character`);
  }
  return value;
}

function derivedRequestValue(identifier: ComponentIdentifier, { method, target }: RequestComponentSource): string {
  switch (identifier.name) {
    case '@method':
      return method;
    case '@authority':
      return target.authority;
    case '@scheme':
      return target.scheme;
    case '@target-uri':
      return `${target.scheme}://${target.authority}${target.path}${queryPart(target)}`;
    case '@request-target':
      return `${target.path}${queryPart(target)}`;
    case '@path':
      return target.path;
    case '@query':
      return `?${target.query ?? ''}`;
    default:
      throw new SignwireError('COMPONENT_UNSUPPORTED', `the component ${identifier.name} is not supported in a request signature`);
  }
}

/** `?` and the query, or nothing when the URL has no `?` (built only for the components that show it). */
function queryPart(target: TargetParts): string {
  return target.query === undefined ? '' : `?${target.query}`;
}

/**
 * The value of a field component: every line's value trimmed, joined with ", " (docs/spec.md §5.2).
 *
 * @param name - the lower-case field name.
 * @param fields - the message's fields.
 * @returns the combined value.
 * @throws SignwireError COMPONENT_UNAVAILABLE when the field is absent.
 */
export function fieldValue(name: string, fields: FieldLines): string {
  // One pass without intermediate arrays: most fields have a single line.
  let combined: string | undefined;
  for (const [lineName, value] of fields) {
    if (isFieldNamed(lineName, name)) combined = combined === undefined ? trimOws(value) : `${combined}, ${trimOws(value)}`;
  }
  if (combined === undefined) throw new SignwireError('COMPONENT_UNAVAILABLE', `the covered field ${name} is not in the message`);
  return combined;
}

/**
 * Strips leading and trailing SP and HTAB in linear time. (The regex `/^[ \t]+|[ \t]+$/g` is
 * quadratic on a value with a long inner run of spaces: a ReDoS on attacker-chosen covered fields.)
 *
 * @param value - a field line's value.
 * @returns the value without surrounding whitespace.
 */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
