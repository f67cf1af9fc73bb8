/**
 * Component identifiers (RFC 9421 §2; docs/spec.md §5): which names and parameters the profile
 * supports in a request signature and in a response signature, and their serialization.
 */
import type { BareItem, Parameters } from 'structured-headers';
import { MAX_COMPONENTS, TOKEN_PATTERN } from './constants.js';
import { SignwireError } from './errors.js';
import { printable } from './headers.js';
import { serializeSimpleItem } from './sf-fast-path.js';

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

const REQUEST_DERIVED = new Set(['@method', '@authority', '@scheme', '@target-uri', '@request-target', '@path', '@query', '@query-param']);

/**
 * Checks an identifier for a message kind and returns it in canonical object form.
 *
 * @param input - a component as given.
 * @param kind - `request` (default) or `response`.
 * @returns the identifier.
 * @throws SignwireError COMPONENT_INVALID for a bad name or parameter value; COMPONENT_UNSUPPORTED for
 * components or parameters this message kind does not support.
 */
export function toComponentIdentifier(input: ComponentInput, kind: MessageKind = 'request'): ComponentIdentifier {
  if (typeof input !== 'string' && (input === null || typeof input !== 'object')) {
    throw new SignwireError('COMPONENT_INVALID', 'a component must be a name or { name, params }');
  }
  const { name, params = {} } = typeof input === 'string' ? { name: input } : input;
  if (typeof name !== 'string') throw new SignwireError('COMPONENT_INVALID', 'a component name must be a string');
  const entries = Object.entries(params as Record<string, unknown>);
  const req = checkReq(params as Record<string, unknown>, kind);
  if (name.startsWith('@')) checkDerived(name, entries, req, kind);
  else checkField(name, entries, kind);
  return entries.length === 0 ? { name } : { name, params: Object.fromEntries(entries) as ComponentParameters };
}

function checkReq(params: Record<string, unknown>, kind: MessageKind): boolean {
  if (!('req' in params)) return false;
  if (kind === 'request') throw new SignwireError('COMPONENT_UNSUPPORTED', 'the req parameter is only meaningful in a response signature');
  if (params.req !== true) throw new SignwireError('COMPONENT_INVALID', 'the req parameter must be the boolean true');
  return true;
}

function checkDerived(name: string, entries: [string, unknown][], req: boolean, kind: MessageKind): void {
  const others = entries.filter(([key]) => key !== 'req');
  if (name === '@status') {
    if (kind === 'request' || req) throw new SignwireError('COMPONENT_UNSUPPORTED', '@status belongs to a response signature');
  } else if (!REQUEST_DERIVED.has(name)) {
    throw new SignwireError('COMPONENT_UNSUPPORTED', `the component ${printable(name)} is not supported`);
  } else if (kind === 'response' && !req) {
    throw new SignwireError('COMPONENT_UNSUPPORTED', `${name} in a response signature needs the req parameter`);
  }
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

function checkField(name: string, entries: [string, unknown][], kind: MessageKind): void {
  if (!TOKEN_PATTERN.test(name) || name !== name.toLowerCase()) {
    throw new SignwireError('COMPONENT_INVALID', `the component name "${printable(name)}" is not a lower-case field name`);
  }
  for (const [key, value] of entries) {
    if (key === 'req') continue;
    if (key !== 'key' || kind === 'request') {
      throw new SignwireError('COMPONENT_UNSUPPORTED', `the field parameter ${printable(key)} is not supported in a ${kind} signature`);
    }
    if (typeof value !== 'string' || !/^[a-z*][a-z0-9_\-.*]{0,63}$/.test(value)) {
      throw new SignwireError('COMPONENT_INVALID', 'the key parameter must be a structured-field key');
    }
  }
}

/** The parameters of every identifier that has none (never written: serialization only reads them). */
const NO_PARAMETERS: Parameters = new Map();

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
  const given = identifier.params ?? undefined; // as `?? {}` did, a null is no parameters
  const params = given === undefined ? NO_PARAMETERS : new Map<string, BareItem>(Object.entries(given) as [string, BareItem][]);
  const serialized = serializeSimpleItem(identifier.name, params);
  if (serialized === undefined) {
    throw new SignwireError('COMPONENT_INVALID', 'a component identifier must be printable ASCII with string parameters');
  }
  return serialized;
}

/**
 * Checks a covered list: size, duplicates and each identifier.
 *
 * @param components - the covered components.
 * @param kind - the message kind the signature covers.
 * @returns the checked identifiers.
 * @throws SignwireError SIGNATURE_MALFORMED for more than {@link MAX_COMPONENTS} or a duplicate, or the
 * errors of {@link toComponentIdentifier}.
 */
export function checkCoveredList(components: readonly ComponentInput[], kind: MessageKind = 'request'): ComponentIdentifier[] {
  if (components.length > MAX_COMPONENTS) {
    throw new SignwireError('SIGNATURE_MALFORMED', `more than ${MAX_COMPONENTS} covered components`);
  }
  const seen = new Set<string>();
  return components.map((input) => {
    const identifier = toComponentIdentifier(input, kind);
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
 * @param kind - the message kind.
 * @returns the checked identifiers.
 */
export function checkSignerComponents(components: readonly ComponentInput[], kind: MessageKind = 'request'): ComponentIdentifier[] {
  try {
    return checkCoveredList(components, kind);
  } catch (error) {
    if (error instanceof SignwireError && error.code === 'SIGNATURE_MALFORMED') {
      throw new SignwireError('COMPONENT_UNSUPPORTED', error.message, { cause: error });
    }
    throw error;
  }
}
