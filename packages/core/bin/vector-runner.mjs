// Runs Signwire test vectors (test-vectors/README.md) against a Signwire core module.
// Shared by the core test suite (with the TypeScript sources) and the `signwire-vectors` CLI (with
// the built package). The core module is passed in, so this file never picks an implementation.

/** The format version this runner reads (test-vectors/README.md). */
export const VECTOR_FORMAT = 'signwire-vectors/v2';

/** The capabilities a case may require (`requires`); a runner may do without exactly these. */
export const OPTIONAL_CAPABILITIES = Object.freeze(['uts46']);

/** A vector key without its key-ring metadata: exactly what importSecret() takes. */
function secretOf(entry) {
  const { not_before: _nb, not_after: _na, retired: _r, ...secret } = entry;
  return secret;
}

function bodyOf(core, body) {
  if (body === undefined || body === null) return undefined;
  if ('text' in body) return core.utf8(body.text);
  if ('base64' in body) return core.fromBase64(body.base64);
  if ('json' in body) return core.utf8(core.canonicalJson(body.json));
  // Raw JSON text, parsed here with the host's JSON.parse (lone surrogates, 1e400, big integers).
  if ('json_text' in body) return core.utf8(core.canonicalJson(JSON.parse(body.json_text)));
  throw new Error('a vector body has none of text, base64, json, json_text');
}

/**
 * A vector component identifier as the core API takes it: `params`, ordered `[name, value]` pairs
 * in the vectors, become an object with its members in that order.
 */
export function componentOf(spec) {
  if (typeof spec === 'string' || spec === null || typeof spec !== 'object' || !Array.isArray(spec.params)) return spec;
  return { ...spec, params: Object.fromEntries(spec.params) };
}

/** A list of vector component identifiers (or undefined) as the core API takes it. */
export function componentsOf(specs) {
  return Array.isArray(specs) ? specs.map(componentOf) : specs;
}

function errorCodeOf(error) {
  if (error && typeof error === 'object' && typeof error.code === 'string' && error instanceof Error) return error.code;
  throw error;
}

function compare(expected, actual) {
  const diffs = [];
  for (const [name, value] of Object.entries(expected)) {
    if (JSON.stringify(actual[name]) !== JSON.stringify(value)) {
      diffs.push(`${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual[name])}`);
    }
  }
  return diffs;
}

/** What a signer produced (request or response), in the vectors' vocabulary. */
function signedParts(core, parts) {
  return {
    ...(parts.body === undefined ? {} : { body_base64: core.toBase64(parts.body) }),
    ...(parts.headers['content-digest'] === undefined ? {} : { content_digest: parts.headers['content-digest'] }),
    covered: parts.covered,
    signature_base: parts.signatureBase,
    signature_input: parts.headers['signature-input'],
    signature: parts.headers.signature,
  };
}

/** Signs one signing case; returns the observed result in the vectors' vocabulary. */
export function runSignCase(core, input) {
  try {
    // Spec §8: the signer's configuration (key, key id, label, components) is checked before the
    // application produces a (JSON) body; then signRequest checks the rest in order.
    const key = core.importSecret(secretOf(input.key));
    core.createRequestSigner({ key, keyId: input.keyid, label: input.label, components: componentsOf(input.components) });
    const parts = core.signRequest({
      request: { method: input.method, url: input.url, headers: input.headers ?? [], body: bodyOf(core, input.body) },
      key,
      keyId: input.keyid,
      created: input.created,
      nonce: input.nonce,
      expires: input.expires,
      label: input.label,
      components: componentsOf(input.components),
    });
    return signedParts(core, parts);
  } catch (error) {
    return { error: errorCodeOf(error) };
  }
}

/**
 * Signs one signing case through a prepared signer (`createRequestSigner`) with WebCrypto hashing;
 * returns the observed result in the vectors' vocabulary, as {@link runSignCase} does.
 */
export async function runSignCaseWithWebCrypto(core, input) {
  try {
    const signer = core.createRequestSigner({
      key: core.importSecret(secretOf(input.key)),
      keyId: input.keyid,
      label: input.label,
      components: componentsOf(input.components),
    });
    const request = { method: input.method, url: input.url, headers: input.headers ?? [], body: bodyOf(core, input.body) };
    const parts = await signer.signWithWebCrypto(request, { created: input.created, nonce: input.nonce, expires: input.expires });
    return signedParts(core, parts);
  } catch (error) {
    return { error: errorCodeOf(error) };
  }
}

/**
 * Verifies one verification case; returns the observed result in the vectors' vocabulary.
 * `lookupOther` answers key ids the case's `keys` do not hold (issued keys).
 */
export function runVerifyCase(core, testCase, lookupOther = () => undefined) {
  const policy = testCase.policy ?? {};
  const seen = new Set((testCase.seen_nonces ?? []).map(([keyId, nonce]) => `${keyId}\n${nonce}`));
  const request = testCase.request;
  try {
    const verified = core.verifyRequestSignature({
      request: {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body_base64 === undefined ? undefined : core.fromBase64(request.body_base64),
      },
      now: testCase.now,
      lookupKey: (keyId) => {
        const entry = Object.hasOwn(testCase.keys, keyId) ? testCase.keys[keyId] : undefined;
        if (entry === undefined) return lookupOther(keyId);
        return {
          key: core.importSecret(secretOf(entry)),
          notBefore: entry.not_before,
          notAfter: entry.not_after,
          retired: entry.retired,
        };
      },
      policy: {
        maxAgeSeconds: policy.max_age,
        clockSkewSeconds: policy.clock_skew,
        maxBodyBytes: policy.max_body_bytes,
        label: policy.label,
        tag: policy.tag,
        requiredComponents: componentsOf(policy.required),
        allowJsonPrototypeMembers: policy.allow_json_prototype_members,
      },
      isNonceSeen: (keyId, nonce) => seen.has(`${keyId}\n${nonce}`),
    });
    return {
      valid: true,
      keyid: verified.keyId,
      ...(verified.subject === undefined ? {} : { subject: verified.subject }),
      created: verified.created,
      nonce: verified.nonce,
      covered: verified.covered,
      signature_base: verified.signatureBase,
    };
  } catch (error) {
    return { valid: false, error: errorCodeOf(error) };
  }
}

/** Signs one response-sign case (its `input` and the concrete `request`); returns the observed result. */
export function runResponseSignCase(core, testCase) {
  const input = testCase.input;
  try {
    // Spec §15.1: the key is imported before the (JSON) body is produced.
    const key = core.importSecret(secretOf(input.key));
    const parts = core.signResponse({
      response: { status: input.response.status, headers: input.response.headers ?? [], body: bodyOf(core, input.response.body) },
      request: { method: testCase.request.method, url: testCase.request.url, headers: testCase.request.headers },
      key,
      keyId: input.keyid,
      created: input.created,
      label: input.label,
      requestLabel: input.request_label,
      components: componentsOf(input.components),
    });
    return signedParts(core, parts);
  } catch (error) {
    return { error: errorCodeOf(error) };
  }
}

/** Verifies one response-verify case (`key`, `keyid`, labels, `request`, `response`); returns the observed result. */
export function runResponseVerifyCase(core, testCase) {
  const { request, response } = testCase;
  try {
    const verified = core.verifyResponseSignature({
      response: {
        status: response.status,
        headers: response.headers,
        body: response.body_base64 === undefined ? undefined : core.fromBase64(response.body_base64),
      },
      request: { method: request.method, url: request.url, headers: request.headers },
      key: core.importSecret(secretOf(testCase.key)),
      keyId: testCase.keyid,
      label: testCase.label,
      requestLabel: testCase.request_label,
    });
    return {
      valid: true,
      keyid: verified.keyId,
      created: verified.created,
      covered: verified.covered,
      signature_base: verified.signatureBase,
    };
  } catch (error) {
    return { valid: false, error: errorCodeOf(error) };
  }
}

/** Decides one clock case (`sample`, `limits`; spec §15.3); returns the observed result. */
export function runClockCase(core, testCase) {
  const { sample, limits = {} } = testCase;
  const decision = core.decideClockOffset(
    {
      sentAt: sample.sent_at,
      receivedAt: sample.received_at,
      created: sample.created,
      offsetSeconds: sample.offset,
      cached: sample.cached === true,
    },
    // The defaults are the vector format's (spec §15.3), not the implementation's.
    { maxRoundTripMilliseconds: limits.max_round_trip_ms ?? 5000, maxClockOffsetSeconds: limits.max_offset ?? 3600 },
  );
  return { outcome: decision.outcome, reason: decision.reason ?? null, offset: decision.offsetSeconds };
}

/** A vector's issuer (spec §16.1) as masters by id, each with its deriver and retired flag. */
function issuerOf(core, spec) {
  const masters = new Map();
  for (const [masterId, { retired = false, ...secret }] of Object.entries(spec.masters)) {
    const problem = core.describeIssuedKeyFieldProblem('master id', masterId, 16);
    if (problem !== undefined) throw new core.ConfigurationError('CONFIGURATION_INVALID', problem);
    masters.set(masterId, { derive: core.createIssuedKeyDeriver(core.importSecret(secret)), retired });
  }
  if (!Number.isSafeInteger(spec.max_ttl) || spec.max_ttl < 1) {
    throw new core.ConfigurationError('CONFIGURATION_INVALID', 'max_ttl is at least 1');
  }
  if (spec.current !== undefined && masters.get(spec.current)?.retired !== false) {
    throw new core.ConfigurationError('CONFIGURATION_INVALID', 'the current master is configured and not retired');
  }
  return { masters, maxTtl: spec.max_ttl };
}

/**
 * Issues one key (spec §16.4) from the case's `issuer` and `issue`. `@signwire/server`'s
 * `createKeyIssuer` runs the same cases in its own tests; this runner checks core's grammar and HKDF.
 */
function runIssueCase(core, testCase) {
  try {
    const { masters, maxTtl } = issuerOf(core, testCase.issuer);
    const { master, subject, issued_at: issuedAt, expires } = testCase.issue;
    const keyId = core.formatIssuedKeyId({ masterId: master, subject, issuedAt, expires });
    const found = masters.get(master);
    if (found === undefined || found.retired || expires - issuedAt > maxTtl) {
      throw new core.ConfigurationError('CONFIGURATION_INVALID', 'no such master, a retired one, or a lifetime over max_ttl');
    }
    return { keyid: keyId, secret: { base64url: core.toBase64Url(found.derive(keyId)) } };
  } catch (error) {
    return { error: errorCodeOf(error) };
  }
}

/** Verifies one issued-key verification case: static `keys` and the `issuer` (spec §16.5), `revoked` by subject. */
function runIssuedVerifyCase(core, testCase) {
  let issuer;
  try {
    issuer = issuerOf(core, testCase.issuer);
  } catch (error) {
    return { valid: false, error: errorCodeOf(error) };
  }
  const revoked = testCase.revoked ?? {};
  const lookupIssued = (keyId) => {
    const entry = core.resolveIssuedKey(keyId, (id) => issuer.masters.get(id), issuer.maxTtl);
    if (entry === undefined) return undefined;
    const revokedBefore = Object.hasOwn(revoked, entry.subject) ? revoked[entry.subject] : undefined;
    return { ...entry, confirm: () => core.checkRevocation(keyId, entry, revokedBefore) };
  };
  const result = runVerifyCase(core, { ...testCase, keys: testCase.keys ?? {} }, (keyId) =>
    keyId.startsWith(core.ISSUED_KEY_PREFIX) ? lookupIssued(keyId) : undefined,
  );
  return result.valid ? { ...result, subject: result.subject ?? null } : result;
}

const RUNNERS = {
  sign: (core, testCase) => runSignCase(core, testCase.input),
  verify: runVerifyCase,
  'response-sign': runResponseSignCase,
  'response-verify': runResponseVerifyCase,
  clock: runClockCase,
  'issued-key': (core, testCase) => ('issue' in testCase ? runIssueCase(core, testCase) : runIssuedVerifyCase(core, testCase)),
};

/**
 * Runs every case of a parsed vector file. A case whose `requires` names a capability in `without`
 * is not run: its result is `{ id, ok: false, skipped: true, diffs: [] }`.
 * @param {object} core - the Signwire core module.
 * @param {object} file - a parsed vector file.
 * @param {{ without?: readonly string[] }} [options] - the optional capabilities to do without.
 * @returns {{ id: string, ok: boolean, skipped?: true, requires?: string[], diffs: string[] }[]}
 */
export function runVectorFile(core, file, { without = [] } = {}) {
  if (file.schema !== VECTOR_FORMAT) {
    throw new Error(`a vector file of format ${JSON.stringify(file.schema)}: this runner reads ${VECTOR_FORMAT}`);
  }
  for (const capability of without) {
    if (!OPTIONAL_CAPABILITIES.includes(capability)) {
      throw new Error(`cannot do without ${JSON.stringify(capability)}: the optional capabilities are ${OPTIONAL_CAPABILITIES.join(', ')}`);
    }
  }
  const run = Object.hasOwn(RUNNERS, file.kind) ? RUNNERS[file.kind] : undefined;
  if (run === undefined) throw new Error(`unknown vector kind ${JSON.stringify(file.kind)}`);
  const results = [];
  for (const group of file.groups) {
    for (const testCase of group.cases) {
      const missing = (testCase.requires ?? []).filter((capability) => without.includes(capability));
      if (missing.length > 0) {
        results.push({ id: testCase.id, ok: false, skipped: true, requires: missing, diffs: [] });
        continue;
      }
      const actual = run(core, testCase);
      const diffs = testCase.expected === undefined ? ['the case has no expected result'] : compare(testCase.expected, actual);
      results.push({ id: testCase.id, ok: diffs.length === 0, diffs });
    }
  }
  return results;
}

/**
 * The closing line every Signwire vector runner prints (test-vectors/README.md).
 * @param {{ ok: boolean, skipped?: true }[]} results
 * @returns {string} `N passed, M failed, K skipped`
 */
export function summaryLine(results) {
  const skipped = results.filter((r) => r.skipped === true).length;
  const passed = results.filter((r) => r.ok).length;
  return `${passed} passed, ${results.length - passed - skipped} failed, ${skipped} skipped`;
}
