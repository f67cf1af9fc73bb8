/**
 * Component identifiers (RFC 9421 §2; docs/spec.md §5): which names and parameters the profile
 * supports in a request signature and in a response signature, and their serialization.
 */
import { MAX_COMPONENTS, TOKEN_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';
import { serializeParameters, serializeString } from './sf-fast-path.js';

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

/** The derived components of a request (RFC 9421 §2.2), which a response signature covers with `;req`. */
export const REQUEST_DERIVED: ReadonlySet<string> = new Set([
  '@method',
  '@authority',
  '@scheme',
  '@target-uri',
  '@request-target',
  '@path',
  '@query',
  '@query-param',
]);

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
  const { name, params, entries } = readComponentInput(input);
  if ('req' in params) throw new SignwireError('COMPONENT_UNSUPPORTED', 'the req parameter is only meaningful in a response signature');
  if (name.startsWith('@')) {
    if (name === '@status') throw new SignwireError('COMPONENT_UNSUPPORTED', '@status belongs to a response signature');
    assertRequestDerived(name);
    checkDerivedParameters(name, entries);
  } else {
    assertFieldName(name);
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

/** A component as given, split into its name and parameters (the checks common to both message kinds). */
export interface ComponentParts {
  readonly name: string;
  readonly params: Record<string, unknown>;
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
 * Checks the parameters of a derived component other than `req`: `@query-param` takes exactly a string
 * `name`, the others take none.
 *
 * @param name - the `@`-name.
 * @param others - its parameters except `req`.
 * @throws SignwireError COMPONENT_INVALID or COMPONENT_UNSUPPORTED.
 */
export function checkDerivedParameters(name: string, others: [string, unknown][]): void {
  if (name === '@query-param') {
    const [only] = others;
    if (others.length !== 1 || only?.[0] !== 'name' || typeof only[1] !== 'string') {
      throw new SignwireError('COMPONENT_INVALID', '@query-param needs exactly one parameter: a string name');
    }
  } else if (others.length > 0) {
    throw new SignwireError(
      'COMPONENT_UNSUPPORTED',
      `parameters ${printable(others.map(([k]) => k).join(','))} are not supported on ${name}`,
    );
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
