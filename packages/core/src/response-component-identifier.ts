/**
 * Component identifiers of response signatures (docs/spec.md §15): `@status`, the answered request's
 * components with `;req`, and single members of dictionary fields with `;key`. Request identifiers
 * are checked by `toComponentIdentifier` in `component-identifier.ts`.
 */
import type { ComponentIdentifier, ComponentInput } from './component-identifier.js';
import { assertFieldName, assertRequestDerived, checkDerivedParameters, identifierOf, readComponentInput } from './component-rules.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';

const STRUCTURED_FIELD_KEY = /^[a-z*][a-z0-9_\-.*]{0,63}$/;

/**
 * Checks an identifier for a response signature and returns it in canonical object form.
 *
 * @param input - a component as given or received.
 * @returns the identifier.
 * @throws SignwireError COMPONENT_INVALID for a bad name or parameter value; COMPONENT_UNSUPPORTED for
 * components or parameters a response signature does not support.
 */
export function toResponseComponentIdentifier(input: ComponentInput): ComponentIdentifier {
  const { name, params, entries } = readComponentInput(input);
  const req = 'req' in params;
  if (req && params.req !== true) throw new SignwireError('COMPONENT_INVALID', 'the req parameter must be the boolean true');
  const others = entries.filter(([key]) => key !== 'req');
  if (name.startsWith('@')) {
    if (name === '@status') {
      if (req) throw new SignwireError('COMPONENT_UNSUPPORTED', '@status belongs to a response signature');
    } else {
      assertRequestDerived(name);
      if (!req) throw new SignwireError('COMPONENT_UNSUPPORTED', `${name} in a response signature needs the req parameter`);
    }
    checkDerivedParameters(name, others);
  } else {
    assertFieldName(name);
    // docs/spec.md §15.1: an unsupported parameter is reported before a bad `key`.
    const unsupported = others.find(([key]) => key !== 'key');
    if (unsupported !== undefined) {
      throw new SignwireError(
        'COMPONENT_UNSUPPORTED',
        `the field parameter ${printable(unsupported[0])} is not supported in a response signature`,
      );
    }
    const key = others[0]?.[1];
    if (others.length > 0 && (typeof key !== 'string' || !STRUCTURED_FIELD_KEY.test(key))) {
      throw new SignwireError('COMPONENT_INVALID', 'the key parameter must be a structured-field key');
    }
  }
  return identifierOf(name, entries);
}
