/**
 * Component values of response signatures (docs/spec.md §15): `@status`, components of the answered
 * request with `;req`, and single members of dictionary fields with `;key`.
 */
import { isInnerList, parseDictionary, serializeInnerList, serializeItem } from 'structured-headers';
import type { ComponentIdentifier } from './component-identifier.js';
import { assertVisible, fieldValue, type RequestComponentSource, requestComponentDeriver } from './components.js';
import { SignwireError } from './errors.js';
import type { FieldLines } from './headers.js';

/** A response, with the request it answers (for `;req` components). */
export interface ResponseComponentSource {
  /** The response status code. */
  readonly status: number;
  /** The response header fields, in order. */
  readonly fields: FieldLines;
  /** The request the response answers (for components with the `req` parameter). */
  readonly request: RequestComponentSource;
}

/**
 * Derives a component value for a response signature. Each call parses the request's query for a
 * `@query-param`; a response's signature base parses it once for all of them.
 *
 * @param identifier - an identifier checked for the `response` kind.
 * @param source - the response and the request it answers.
 * @returns the component value.
 * @throws SignwireError COMPONENT_UNAVAILABLE, COMPONENT_INVALID, COMPONENT_UNSUPPORTED or QUERY_PARAM_AMBIGUOUS.
 */
export function deriveResponseComponentValue(identifier: ComponentIdentifier, source: ResponseComponentSource): string {
  return responseComponentDeriver(source, [identifier])(identifier);
}

/**
 * Derives the components of one response: {@link deriveResponseComponentValue} for each, with the
 * answered request's query parsed at most once for all the `@query-param;req` in `components`.
 *
 * @param source - the response and the request it answers.
 * @param components - the components that will be derived (others still can be, at a pass each).
 * @returns a function that derives one component value, with the errors of {@link deriveResponseComponentValue}.
 */
export function responseComponentDeriver(
  source: ResponseComponentSource,
  components: readonly ComponentIdentifier[],
): (identifier: ComponentIdentifier) => string {
  const deriveFromRequest = requestComponentDeriver(source.request, components);
  return (identifier) => {
    const fromRequest = identifier.params?.req === true;
    if (identifier.name === '@status' && !fromRequest) return String(source.status);
    const key = identifier.params?.key;
    if (key !== undefined) {
      const fields = fromRequest ? source.request.fields : source.fields;
      return assertVisible(identifier, dictionaryMember(identifier.name, fieldValue(identifier.name, fields), key));
    }
    if (fromRequest) return deriveFromRequest({ name: identifier.name, ...paramsWithout(identifier, 'req') });
    if (identifier.name.startsWith('@'))
      throw new SignwireError('COMPONENT_UNSUPPORTED', `${identifier.name} needs the req parameter in a response`);
    return assertVisible(identifier, fieldValue(identifier.name, source.fields));
  };
}

function paramsWithout(identifier: ComponentIdentifier, name: 'req'): Pick<ComponentIdentifier, 'params'> {
  const { [name]: _dropped, ...rest } = identifier.params ?? {};
  return Object.keys(rest).length === 0 ? {} : { params: rest };
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
