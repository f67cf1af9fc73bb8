/**
 * The labelled signature decoded for people: covered components, `created` / `expires`, nonce, key
 * id and the other parameters, read with core's own parser (`selectSignature`, step 4 of docs/spec.md
 * §9). Browser-safe: no `node:` imports.
 */
import { isSignwireError } from '@signwire/core';
import { type FieldLines, selectSignature } from '@signwire/core/internal';

/** A parameter value as shown: strings, integers and booleans as they are, anything else as text. */
export type ParameterValue = string | number | boolean;

/** The labelled signature as received. */
export interface SignatureSummary {
  /** The label. */
  readonly label: string;
  /** The covered component identifiers, serialized, in received order. */
  readonly covered: readonly string[];
  /** Every parameter, in received order. */
  readonly params: readonly (readonly [string, ParameterValue])[];
  /** `created`, when it is an integer. */
  readonly created: number | undefined;
  /** `expires`, when it is an integer. */
  readonly expires: number | undefined;
  /** `nonce`, when it is a string. */
  readonly nonce: string | undefined;
  /** `keyid`, when it is a string. */
  readonly keyId: string | undefined;
  /** The `@signature-params` value: the inner list re-serialized. */
  readonly signatureParams: string;
}

/**
 * Decodes the signature labelled `label`.
 *
 * @param fields - the received field lines.
 * @param label - the label the policy names.
 * @returns the summary; `absent` without a `Signature-Input` or `Signature` field; `unparseable` when
 * step 4 fails (not dictionaries, no such label, wrong member types).
 */
export function summarizeSignature(fields: FieldLines, label: string): SignatureSummary | 'absent' | 'unparseable' {
  const input = combined(fields, 'signature-input');
  const signature = combined(fields, 'signature');
  if (input === undefined || signature === undefined) return 'absent';
  let selected: ReturnType<typeof selectSignature>;
  try {
    selected = selectSignature(input, signature, label);
  } catch (error) {
    if (isSignwireError(error)) return 'unparseable';
    throw error;
  }
  const params = [...selected.params].map(([name, value]) => [name, shown(value)] as const);
  const get = (name: string): ParameterValue | undefined => params.find(([n]) => n === name)?.[1];
  const integer = (name: string): number | undefined => {
    const value = get(name);
    return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  };
  const text = (name: string): string | undefined => {
    const value = get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    label,
    covered: selected.components.map(
      (c) =>
        `"${c.name}"${Object.entries(c.params ?? {})
          .map(([k, v]) => `;${k}=${JSON.stringify(v)}`)
          .join('')}`,
    ),
    params,
    created: integer('created'),
    expires: integer('expires'),
    nonce: text('nonce'),
    keyId: text('keyid'),
    signatureParams: selected.signatureParams,
  };
}

/** A field's combined value (lines joined with ", "), or `undefined` when absent. */
function combined(fields: FieldLines, name: string): string | undefined {
  const values = fields.filter(([n]) => n.toLowerCase() === name).map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(', ');
}

function shown(value: unknown): ParameterValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}
