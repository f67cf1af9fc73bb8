/**
 * Component values (RFC 9421 §2; docs/spec.md §5): deriving the value of a checked identifier from
 * a request, or from a response and the request it answers.
 */
import { isInnerList, parseDictionary, serializeInnerList, serializeItem } from 'structured-headers';
import { type ComponentIdentifier, serializeComponentIdentifier } from './component-identifier.js';
import { SignwireError } from './errors.js';
import { type FieldLines, fieldValues } from './headers.js';
import { queryParamValue } from './query-param.js';
import type { TargetParts } from './target-uri.js';

export {
  type ComponentIdentifier,
  type ComponentInput,
  type ComponentParameters,
  checkCoveredList,
  type MessageKind,
  serializeComponentIdentifier,
  toComponentIdentifier,
} from './component-identifier.js';

/** The request a component value is derived from. */
export interface RequestComponentSource {
  readonly method: string;
  readonly target: TargetParts;
  readonly fields: FieldLines;
}

/** A response, with the request it answers (for `;req` components). */
export interface ResponseComponentSource {
  readonly status: number;
  readonly fields: FieldLines;
  readonly request: RequestComponentSource;
}

/** The message a component value is derived from. */
export type ComponentSource = RequestComponentSource | ResponseComponentSource;

const VISIBLE_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Derives a component value from the message.
 *
 * @param identifier - a checked identifier.
 * @param source - the request, or the response with its request.
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

function rawComponentValue(identifier: ComponentIdentifier, source: ComponentSource): string {
  const isResponse = 'status' in source;
  const message = identifier.params?.req === true && isResponse ? source.request : source;
  if (identifier.name === '@status') {
    if (!isResponse) throw new SignwireError('COMPONENT_UNSUPPORTED', '@status belongs to a response signature');
    return String(source.status);
  }
  if (!identifier.name.startsWith('@')) return fieldValue(identifier, message.fields);
  if ('status' in message) throw new SignwireError('COMPONENT_UNSUPPORTED', `${identifier.name} needs the req parameter in a response`);
  return derivedRequestValue(identifier, message);
}

function derivedRequestValue(identifier: ComponentIdentifier, { method, target }: RequestComponentSource): string {
  const query = target.query === undefined ? '' : `?${target.query}`;
  switch (identifier.name) {
    case '@method':
      return method;
    case '@authority':
      return target.authority;
    case '@scheme':
      return target.scheme;
    case '@target-uri':
      return `${target.scheme}://${target.authority}${target.path}${query}`;
    case '@request-target':
      return `${target.path}${query}`;
    case '@path':
      return target.path;
    case '@query':
      return `?${target.query ?? ''}`;
    case '@query-param':
      return queryParamValue(target.query ?? '', identifier.params?.name ?? '');
    default:
      throw new SignwireError('COMPONENT_UNSUPPORTED', `the component ${identifier.name} is not supported`);
  }
}

function fieldValue(identifier: ComponentIdentifier, fields: FieldLines): string {
  const values = fieldValues(fields, identifier.name);
  if (values.length === 0) throw new SignwireError('COMPONENT_UNAVAILABLE', `the covered field ${identifier.name} is not in the message`);
  const combined = values.map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')).join(', ');
  const key = identifier.params?.key;
  return key === undefined ? combined : dictionaryMember(identifier.name, combined, key);
}

/** RFC 9421 §2.1.2: the serialized value of one member of a dictionary-valued field. */
function dictionaryMember(name: string, value: string, key: string): string {
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(value);
  } catch (cause) {
    throw new SignwireError('COMPONENT_INVALID', `the field ${name} is not a structured-field dictionary`, { cause });
  }
  const member = dictionary.get(key);
  if (member === undefined) throw new SignwireError('COMPONENT_UNAVAILABLE', `the field ${name} has no member ${key}`);
  return isInnerList(member) ? serializeInnerList(member) : serializeItem(member);
}
