// Loads the "kind": "verify" vectors and turns one case into verifier options and a request.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ComponentInput } from '@signwire/core';
import { fromBase64 } from '@signwire/core/internal';
import { createMemoryNonceStore, type KeyInput, type VerifierOptions } from '../src/index.js';
import { nonceStoreKey } from '../src/nonce-store.js';

const VECTORS_DIR = fileURLToPath(new URL('../../../test-vectors/vectors/', import.meta.url));

export interface VectorKey {
  base64?: string;
  base64url?: string;
  hex?: string;
  not_before?: number;
  not_after?: number;
  retired?: boolean;
}

export interface VerifyCase {
  id: string;
  comment: string;
  keys: Record<string, VectorKey>;
  now: number;
  policy?: {
    max_age?: number;
    clock_skew?: number;
    max_body_bytes?: number;
    label?: string;
    tag?: string;
    /** Component identifiers; `params` are ordered `[name, value]` pairs. */
    required?: (string | { name: string; params?: [string, string | boolean | number][] })[];
    allow_json_prototype_members?: boolean;
  };
  seen_nonces?: [string, string][];
  request: { method: string; url: string; headers: [string, string][]; body_base64?: string };
  expected:
    | { valid: true; keyid: string; created: number; nonce: string; covered: string[]; signature_base: string }
    | { valid: false; error: string };
}

/** Every verification case of every vector file, with its file name. */
export function loadVerifyCases(): VerifyCase[] {
  const cases: VerifyCase[] = [];
  for (const file of readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(VECTORS_DIR + file, 'utf8')) as { kind: string; groups: { cases: VerifyCase[] }[] };
    if (doc.kind !== 'verify') continue;
    for (const group of doc.groups) cases.push(...group.cases);
  }
  return cases;
}

const ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)$/s;

/** Splits the vector URL into the configured origin and the raw request target. */
export function splitVectorUrl(url: string): { origin: string; target: string; authority: string } {
  const match = ORIGIN.exec(url);
  if (match === null) throw new Error(`vector URL without origin: ${url}`);
  const origin = match[1] as string;
  return { origin, target: match[2] === '' ? '/' : (match[2] as string), authority: origin.replace(/^[^:]+:\/\//, '') };
}

function toKey(key: VectorKey): KeyInput {
  const secret =
    key.base64 !== undefined
      ? { base64: key.base64 }
      : key.base64url !== undefined
        ? { base64url: key.base64url }
        : { hex: key.hex as string };
  return { secret, notBefore: key.not_before, notAfter: key.not_after, retired: key.retired };
}

/** Verifier options for a case: its keys, clock, policy and pre-loaded replay store. */
export async function optionsFor(c: VerifyCase): Promise<VerifierOptions> {
  const store = createMemoryNonceStore();
  for (const [keyId, nonce] of c.seen_nonces ?? []) {
    await store.checkAndRemember({ key: nonceStoreKey(keyId, nonce), expiresAt: c.now + 3600, now: c.now });
  }
  const p = c.policy ?? {};
  return {
    keys: new Map(Object.entries(c.keys).map(([id, key]) => [id, toKey(key)])),
    publicOrigin: splitVectorUrl(c.request.url).origin,
    now: () => c.now,
    nonceStore: store,
    maxAgeSeconds: p.max_age,
    clockSkewSeconds: p.clock_skew,
    maxBodyBytes: p.max_body_bytes,
    label: p.label,
    tag: p.tag,
    requiredComponents: p.required?.map(
      (r): ComponentInput =>
        typeof r === 'string' || r.params === undefined
          ? (r as ComponentInput)
          : ({ name: r.name, params: Object.fromEntries(r.params) } as ComponentInput),
    ),
    allowJsonPrototypeMembers: p.allow_json_prototype_members,
  } as VerifierOptions;
}

/** The body bytes of a case (empty when absent). */
export function bodyOf(c: VerifyCase): Uint8Array {
  return c.request.body_base64 === undefined ? new Uint8Array(0) : (fromBase64(c.request.body_base64) as Uint8Array);
}

/**
 * A valid vector with a body that a Signwire server would hand over parsed (JSON, a urlencoded form) but
 * which has a content coding: the profile accepts it (spec §9), and a server refuses it with
 * CONTENT_ENCODING_UNSUPPORTED (415) rather than parse coded bytes (docs/server.md, Compressed bodies).
 *
 * @param c - the vector.
 * @returns true for such a vector.
 */
export function servedAsCodedParsedBody(c: VerifyCase): boolean {
  if (!c.expected.valid || bodyOf(c).length === 0) return false;
  const named = (name: string) => c.request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  const types = named('content-type');
  const coded = named('content-encoding').some((v) => v.split(',').some((t) => !['', 'identity'].includes(t.trim().toLowerCase())));
  return coded && types.length === 1 && /^[ \t]*application\/(?:(?:[^;]*\+)?json|x-www-form-urlencoded)[ \t]*(?:;|$)/i.test(types[0] ?? '');
}
