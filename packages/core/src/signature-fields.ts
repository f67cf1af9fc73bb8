/**
 * `Signature-Input` and `Signature` fields (RFC 9421 §4) over `structured-headers`. Parse errors
 * become SIGNATURE_MALFORMED, never exceptions from inside the dependency.
 */
import { type Item, isInnerList, type Parameters, parseDictionary } from 'structured-headers';
import { toBase64 } from './bytes.js';
import type { ComponentIdentifier, ComponentParameters } from './component-identifier.js';
import { ConfigurationError, SignwireError } from './errors.js';
import { printable } from './headers.js';
import { type CommonInnerList, type CommonItem, parseCommonDictionary } from './structured-field-parser.js';
import { serializeList } from './structured-field-serializer.js';

/** One signature selected from the received fields. */
export interface ReceivedSignature {
  /** The label. */
  readonly label: string;
  /** The covered components as received. */
  readonly components: ComponentIdentifier[];
  /** The received parameters, in received order. */
  readonly params: Parameters;
  /** The re-serialized inner list: the `@signature-params` value. */
  readonly signatureParams: string;
  /** The signature bytes. */
  readonly signature: Uint8Array;
  /** Names of parameters written as RFC 8941 Decimals (which `structured-headers` returns as plain numbers). */
  readonly decimalParams: ReadonlySet<string>;
}

/**
 * Serializes the inner list of covered components with parameters.
 *
 * @param components - the covered components.
 * @param params - the ordered parameters.
 * @returns the `@signature-params` value, e.g. `("@method" …);created=…`.
 */
export function serializeSignatureParams(components: readonly ComponentIdentifier[], params: Parameters): string {
  const items = components.map((c) => [c.name, new Map(Object.entries(c.params ?? {}))] as [string, Parameters]);
  return serializeList([items, params]);
}

/**
 * Builds the two signature fields for one label.
 *
 * @param label - the signature label.
 * @param signatureParams - the serialized inner list.
 * @param signature - the MAC.
 * @returns the `Signature-Input` and `Signature` field values.
 */
export function formatSignatureFields(
  label: string,
  signatureParams: string,
  signature: Uint8Array,
): {
  /** The `Signature-Input` field value. */
  signatureInput: string;
  /** The `Signature` field value. */
  signature: string;
} {
  return { signatureInput: `${label}=${signatureParams}`, signature: `${label}=:${toBase64(signature)}:` };
}

/** The fields a signer sets itself: a message that already has one is refused (HEADER_FORBIDDEN). */
export const SIGNER_MANAGED_FIELDS: readonly string[] = ['signature', 'signature-input', 'content-digest'];

/**
 * The fields a signer adds to a message (request or response): `Signature-Input`, `Signature` and,
 * when the message has a body, `Content-Digest`.
 *
 * @param label - the signature label.
 * @param signatureParams - the serialized inner list.
 * @param mac - the MAC.
 * @param contentDigest - the `Content-Digest` value, or `undefined` without a body.
 * @returns the field values by lower-case name.
 */
export function signatureFieldValues(
  label: string,
  signatureParams: string,
  mac: Uint8Array,
  contentDigest: string | undefined,
): { readonly 'signature-input': string; readonly signature: string; readonly 'content-digest'?: string } {
  const formatted = formatSignatureFields(label, signatureParams, mac);
  return {
    'signature-input': formatted.signatureInput,
    signature: formatted.signature,
    ...(contentDigest === undefined ? {} : { 'content-digest': contentDigest }),
  };
}

/**
 * Parses both fields and selects the signature with `label`.
 *
 * @param signatureInput - the combined `Signature-Input` value.
 * @param signature - the combined `Signature` value.
 * @param label - the label the policy names.
 * @returns the selected signature.
 * @throws SignwireError SIGNATURE_MALFORMED, SIGNATURE_MISSING (no such label) or COMPONENT_UNSUPPORTED.
 */
export function selectSignature(signatureInput: string, signature: string, label: string): ReceivedSignature {
  if (typeof signatureInput !== 'string' || typeof signature !== 'string') throw malformed('signature fields must be strings');
  return selectCommonSignature(signatureInput, signature, label) ?? selectSignatureWithLibrary(signatureInput, signature, label);
}

/**
 * The fast path of {@link selectSignature}: both fields in the common shape (`structured-field-parser.ts`)
 * and the labelled members of the expected kinds. It only ever succeeds; any other input, valid or
 * not, goes to the library path, which gives the result or the error. The inner list's text is its
 * serialization, and the shape has no Decimals.
 */
function selectCommonSignature(signatureInput: string, signature: string, label: string): ReceivedSignature | undefined {
  const input = parseCommonDictionary(signatureInput)?.get(label);
  if (input === undefined || !Array.isArray(input.value[0])) return undefined;
  const [items, params] = input.value as CommonInnerList;
  const value = parseCommonDictionary(signature)?.get(label)?.value[0];
  if (!(value instanceof Uint8Array)) return undefined;
  return {
    label,
    components: readComponents(items),
    params,
    signatureParams: input.text,
    signature: value,
    decimalParams: new Set(),
  };
}

/**
 * {@link selectSignature} over `structured-headers` alone: the path for every input the fast path
 * does not take, and the reference its tests compare against.
 *
 * @param signatureInput - the combined `Signature-Input` value.
 * @param signature - the combined `Signature` value.
 * @param label - the label the policy names.
 * @returns the selected signature.
 * @throws SignwireError SIGNATURE_MALFORMED, SIGNATURE_MISSING (no such label) or COMPONENT_UNSUPPORTED.
 */
export function selectSignatureWithLibrary(signatureInput: string, signature: string, label: string): ReceivedSignature {
  const inputs = parseField(signatureInput, 'Signature-Input');
  const signatures = parseField(signature, 'Signature');
  const input = inputs.get(label);
  if (input === undefined) throw new SignwireError('SIGNATURE_MISSING', `Signature-Input has no signature labelled ${printable(label)}`);
  if (!isInnerList(input)) throw malformed(`Signature-Input member ${printable(label)} is not an inner list`);
  const value = signatures.get(label);
  if (value === undefined) throw malformed(`Signature has no member labelled ${printable(label)}`);
  if (isInnerList(value) || !(value[0] instanceof ArrayBuffer)) {
    throw malformed(`Signature member ${printable(label)} is not a byte sequence`);
  }
  return {
    label,
    components: readComponents(input[0]),
    params: input[1],
    signatureParams: serializeList(input),
    signature: new Uint8Array(value[0]),
    decimalParams: decimalParameters(signatureInput, label),
  };
}

/**
 * The names of the parameters of member `label` that are written as Decimals. `structured-headers`
 * parses `1.0` and `1` to the same number, so re-serializing would silently turn a Decimal into an
 * Integer; the profile refuses Decimal parameters instead (docs/spec.md §9 step 6). Strings are masked
 * first, so a `;` or `=` inside a quoted value cannot be mistaken for a parameter.
 */
function decimalParameters(field: string, label: string): Set<string> {
  if (!field.includes('.')) return new Set();
  const masked = field.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  let found = new Set<string>();
  for (const member of masked.split(',')) {
    const match = /^\s*([a-z*][a-z0-9_.*-]*)(.*)$/s.exec(member);
    if (match?.[1] !== label) continue;
    const params = (match[2] ?? '').matchAll(/;\s*([a-z*][a-z0-9_.*-]*)=-?\d+\.\d+/g);
    found = new Set([...params].map((p) => p[1] as string));
  }
  return found;
}

function parseField(value: string, name: string): ReturnType<typeof parseDictionary> {
  try {
    return parseDictionary(value);
  } catch (cause) {
    throw new SignwireError('SIGNATURE_MALFORMED', `${name} is not a structured-field dictionary`, { cause });
  }
}

function readComponents(items: ReadonlyArray<Item | CommonItem>): ComponentIdentifier[] {
  return items.map(([bare, params]) => {
    if (typeof bare !== 'string') throw malformed('a covered component is not a string');
    // Parameters are kept in received order and checked by checkCoveredList().
    return params.size === 0 ? { name: bare } : { name: bare, params: Object.fromEntries(params) as ComponentParameters };
  });
}

function malformed(message: string): SignwireError {
  return new SignwireError('SIGNATURE_MALFORMED', message);
}

/**
 * Checks a signature label a signer was configured with (an RFC 8941 key).
 *
 * @param label - the label.
 * @param what - the option's name, for the message.
 * @throws SignwireError CONFIGURATION_INVALID.
 */
export function assertLabel(label: unknown, what = 'label'): asserts label is string {
  if (typeof label !== 'string' || !/^[a-z*][a-z0-9_\-.*]{0,63}$/.test(label)) {
    throw new ConfigurationError('CONFIGURATION_INVALID', `${what} must be a structured-field key (lower-case, at most 64 characters)`);
  }
}
