/**
 * Component identifiers (RFC 9421 §2; docs/spec.md §5): which names and parameters the profile
 * supports in a request signature and in a response signature, and their serialization.
 */
import { assertFieldName, assertRequestDerived, checkDerivedParameters, identifierOf, readComponentInput } from './component-rules.js';
import { MAX_COMPONENTS } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';
import { serializeParameters, serializeString } from './structured-field-serializer.js';

/** Parameters of a component identifier, kept in the order they were given or received. */
export interface ComponentParameters {
  /** `@query-param` only: the (re-encoded) query parameter name. */
  readonly name?: string;
  /** Response signatures, fields only: one member of a dictionary-valued field (e.g. `key="sig1"` of `signature`). */
  readonly key?: string;
  /** Response signatures only: the component is taken from the request the response answers. */
  readonly req?: true;
}

/** A covered component: a derived `@`-name or a lower-case field name, with optional parameters. */
export interface ComponentIdentifier {
  /** `@method`, `@authority`, …, `@status`, or a lower-case field name such as `content-type`. */
  readonly name: string;
  /** Identifier parameters (`name`, `key`, `req`), in order. */
  readonly params?: ComponentParameters;
}

/** What a component can be written as in options: `'x-request-id'` or an identifier object. */
export type ComponentInput = string | ComponentIdentifier;

/** Whether a signature covers a request or a response. */
export type MessageKind = 'request' | 'response';

/** Reads an identifier into the function that checks it for one message kind. */
export type ReadComponent = (input: ComponentInput) => ComponentIdentifier;

/**
 * Checks an identifier for a request signature and returns it in canonical object form (the rules of
 * a response signature are in `response-component-identifier.ts`, so a signer of requests carries none
 * of them).
 *
 * @param input - a component as given.
 * @returns the identifier.
 * @throws SignwireError COMPONENT_INVALID for a bad name or parameter value; COMPONENT_UNSUPPORTED for
 * components or parameters a request signature does not support.
 */
export function toComponentIdentifier(input: ComponentInput): ComponentIdentifier {
  // docs/spec.md §5.1: the name first, then the parameters (an unsupported one before a bad `name`).
  const { name, params, entries } = readComponentInput(input);
  if (name.startsWith('@')) {
    if (name === '@status') throw new SignwireError('COMPONENT_UNSUPPORTED', '@status belongs to a response signature');
    assertRequestDerived(name);
  } else {
    assertFieldName(name);
  }
  if ('req' in params) throw new SignwireError('COMPONENT_UNSUPPORTED', 'the req parameter is only meaningful in a response signature');
  if (name.startsWith('@')) {
    checkDerivedParameters(name, entries);
  } else {
    const [first] = entries;
    if (first !== undefined) {
      throw new SignwireError(
        'COMPONENT_UNSUPPORTED',
        `the field parameter ${printable(first[0])} is not supported in a request signature`,
      );
    }
  }
  return identifierOf(name, entries);
}

/**
 * Serializes an identifier as a structured-field item: `"@method"`, `"@query-param";name="q"`,
 * `"signature";key="sig1";req`.
 *
 * @param identifier - a checked identifier.
 * @returns its serialization.
 * @throws SignwireError COMPONENT_INVALID when a name or parameter is not printable ASCII, or a
 * parameter is not a string, an integer or `true`.
 */
export function serializeComponentIdentifier(identifier: ComponentIdentifier): string {
  const params = identifier.params;
  const head = serializeString(identifier.name);
  const tail = params === undefined || params === null ? '' : serializeParameters(Object.entries(params));
  if (head === undefined || tail === undefined) {
    throw new SignwireError('COMPONENT_INVALID', 'a component identifier must be printable ASCII with string parameters');
  }
  return head + tail;
}

/**
 * Checks a covered list: size, duplicates and each identifier.
 *
 * @param components - the covered components.
 * @param read - checks one identifier for the message kind the signature covers: {@link toComponentIdentifier}
 * (requests, the default) or `toResponseComponentIdentifier`.
 * @returns the checked identifiers.
 * @throws SignwireError SIGNATURE_MALFORMED for more than {@link MAX_COMPONENTS} or a duplicate, or the
 * errors of `read`.
 */
export function checkCoveredList(
  components: readonly ComponentInput[],
  read: ReadComponent = toComponentIdentifier,
): ComponentIdentifier[] {
  if (components.length > MAX_COMPONENTS) {
    throw new SignwireError('SIGNATURE_MALFORMED', `more than ${MAX_COMPONENTS} covered components`);
  }
  const seen = new Set<string>();
  return components.map((input) => {
    const identifier = read(input);
    const serialized = serializeComponentIdentifier(identifier);
    if (seen.has(serialized)) throw new SignwireError('SIGNATURE_MALFORMED', `the component ${printable(serialized)} is covered twice`);
    seen.add(serialized);
    return identifier;
  });
}

/**
 * The covered list a *signer* is about to use: as {@link checkCoveredList}, but a repeat is the
 * caller's mistake, `COMPONENT_UNSUPPORTED` (docs/spec.md §5.4), not a malformed received signature.
 *
 * @param components - the components to cover, defaults first.
 * @param read - checks one identifier for the message kind, as for {@link checkCoveredList}.
 * @returns the checked identifiers.
 */
export function checkSignerComponents(
  components: readonly ComponentInput[],
  read: ReadComponent = toComponentIdentifier,
): ComponentIdentifier[] {
  try {
    return checkCoveredList(components, read);
  } catch (error) {
    if (error instanceof SignwireError && error.code === 'SIGNATURE_MALFORMED') {
      throw new SignwireError('COMPONENT_UNSUPPORTED', error.message, { cause: error });
    }
    throw error;
  }
}
