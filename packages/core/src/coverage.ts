/**
 * Step 8 of docs/spec.md §9 (and §15.2 step 7 for responses): what a signature must cover, and the
 * body bound by a covered, parseable `Content-Digest`.
 */
import { type ComponentIdentifier, serializeComponentIdentifier } from './components.js';
import { REQUIRED_COMPONENTS } from './constants.js';
import { parseContentDigest } from './content-digest.js';
import type { FieldLines } from './headers.js';
import { readSignatureFields, type SignatureFields } from './received-fields.js';
import { fail } from './verification-failure.js';
import type { ResolvedPolicy } from './verification-policy.js';

/**
 * Verifies that every required component is covered and that a body is bound by `Content-Digest`,
 * and parses that digest.
 *
 * @param components - the covered components.
 * @param required - what the policy requires besides `content-type`/`content-encoding`/`content-digest`.
 * @param fields - the message's fields.
 * @param hasBody - whether the message has body bytes.
 * @param codingRequired - whether a body's `Content-Encoding` must be covered: for requests, not for
 * responses (an HTTP client decodes a response before the digest is checked over what it reads, §15.2).
 * @returns the `sha-256` digest to check against the body, when `content-digest` is covered.
 * @throws VerificationError COMPONENT_MISSING, DIGEST_MISSING or DIGEST_MALFORMED.
 */
export function verifyCoverage(
  components: readonly ComponentIdentifier[],
  required: readonly ComponentIdentifier[],
  fields: FieldLines,
  hasBody: boolean,
  codingRequired: boolean,
): Uint8Array | undefined {
  const covered = components.map(serializeComponentIdentifier);
  return verifyCoveredFields(covered, required.map(serializeComponentIdentifier), readSignatureFields(fields), hasBody, codingRequired);
}

/**
 * {@link verifyCoverage} over serialized identifiers and the fields it reads, collected beforehand
 * (the request verifier serializes the covered list once and reads the fields once for steps 3–8).
 *
 * @param covered - the serialized identifiers of the covered components.
 * @param required - the serialized identifiers that must be covered (see {@link requiredIds}).
 * @param read - the message's fields, read by `readSignatureFields`.
 * @param hasBody - whether the message has body bytes.
 * @param codingRequired - whether a body's `Content-Encoding` must be covered.
 * @returns the `sha-256` digest, when `content-digest` is covered.
 * @throws VerificationError COMPONENT_MISSING, DIGEST_MISSING or DIGEST_MALFORMED.
 */
export function verifyCoveredFields(
  covered: readonly string[],
  required: readonly string[],
  read: SignatureFields,
  hasBody: boolean,
  codingRequired: boolean,
): Uint8Array | undefined {
  // A few required identifiers: searching the list beats building a Set.
  for (const id of required) if (!covered.includes(id)) throw fail('COMPONENT_MISSING', `the signature does not cover ${id}`);
  if (hasBody && read.hasContentType && !covered.includes('"content-type"')) {
    throw fail('COMPONENT_MISSING', 'the signature does not cover "content-type"');
  }
  if (hasBody && read.hasContentEncoding && codingRequired && !covered.includes('"content-encoding"')) {
    throw fail('COMPONENT_MISSING', 'the signature does not cover "content-encoding" (the body has a content coding)');
  }
  const digestCovered = covered.includes('"content-digest"');
  if (hasBody && !digestCovered) throw fail('DIGEST_MISSING', 'the message has a body but content-digest is not covered');
  if (!digestCovered) return undefined;
  if (read.contentDigest === undefined) throw fail('DIGEST_MISSING', 'the message has no Content-Digest field');
  return parseContentDigest(read.contentDigest);
}

/** The profile's required components, serialized once. */
const REQUIRED_IDS: readonly string[] = /* @__PURE__ */ REQUIRED_COMPONENTS.map((name) => serializeComponentIdentifier({ name }));

/**
 * What a request signature must cover besides `content-type` / `content-digest`: the profile's list,
 * then the policy's.
 *
 * @param policy - the resolved policy.
 * @returns serialized component identifiers.
 */
export function requiredIds(policy: ResolvedPolicy): readonly string[] {
  const extra = policy.requiredComponents;
  return extra.length === 0 ? REQUIRED_IDS : [...REQUIRED_IDS, ...extra.map(serializeComponentIdentifier)];
}
