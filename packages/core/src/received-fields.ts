/**
 * The fields steps 3–8 of docs/spec.md §9 read, collected in one pass over the received lines (any
 * case, any order, several lines of one field combined with ", ").
 */
import { type FieldLines, isFieldNamed } from './headers.js';

/** The fields steps 3–8 read: combined values, `undefined` when absent. */
export interface SignatureFields {
  /** The combined `Signature-Input` value. */
  readonly signatureInput: string | undefined;
  /** The combined `Signature` value. */
  readonly signature: string | undefined;
  /** The combined `Content-Digest` value. */
  readonly contentDigest: string | undefined;
  /** Whether the message has a `Content-Type` field. */
  readonly hasContentType: boolean;
  /** Whether the message has a `Content-Encoding` field. */
  readonly hasContentEncoding: boolean;
}

/**
 * Collects {@link SignatureFields} in one pass over the lines (rather than one pass per field).
 *
 * @param fields - the received field lines.
 * @returns the combined values.
 */
export function readSignatureFields(fields: FieldLines): SignatureFields {
  let signatureInput: string | undefined;
  let signature: string | undefined;
  let contentDigest: string | undefined;
  let hasContentType = false;
  let hasContentEncoding = false;
  for (const [name, value] of fields) {
    if (isFieldNamed(name, 'signature-input')) signatureInput = combine(signatureInput, value);
    else if (isFieldNamed(name, 'signature')) signature = combine(signature, value);
    else if (isFieldNamed(name, 'content-digest')) contentDigest = combine(contentDigest, value);
    else if (isFieldNamed(name, 'content-type')) hasContentType = true;
    else if (isFieldNamed(name, 'content-encoding')) hasContentEncoding = true;
  }
  return { signatureInput, signature, contentDigest, hasContentType, hasContentEncoding };
}

/** A field's combined value so far, with one more line. */
function combine(combined: string | undefined, value: string): string {
  return combined === undefined ? value : `${combined}, ${value}`;
}
