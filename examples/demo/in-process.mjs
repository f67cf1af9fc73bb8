// The Signwire demo, in one process: sign a request, then show what the verifier does with it and
// with six attacks on it. `--ci` exits non-zero unless every case gets its expected verdict.
import { canonicalJson, createNonce, importSecret, signRequest, verifyRequestSignature } from '@signwire/core';

const ci = process.argv.includes('--ci');
const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const keys = new Map([['demo-client', { key }]]);
const seen = new Set();
const now = () => Math.floor(Date.now() / 1000);

function sign({ keyId = 'demo-client', created = now(), path = '/v1/orders?dry_run=1', body = { item: 'book', qty: 2 } } = {}) {
  const signed = signRequest({
    request: {
      method: 'POST',
      url: `https://api.example.com${path}`,
      headers: { 'content-type': 'application/json' },
      body: canonicalJson(body),
    },
    key,
    keyId,
    created,
    nonce: createNonce(),
  });
  return {
    method: signed.method,
    url: signed.url,
    headers: { 'content-type': 'application/json', ...signed.headers, 'content-length': String(signed.body.length) },
    body: signed.body,
  };
}

function verify(request) {
  try {
    const result = verifyRequestSignature({
      request,
      now: now(),
      lookupKey: (id) => keys.get(id),
      isNonceSeen: (id, nonce) => seen.has(`${id} ${nonce}`),
    });
    seen.add(`${result.keyId} ${result.nonce}`);
    return { status: 200, code: 'OK' };
  } catch (error) {
    return { status: error.status, code: error.code };
  }
}

const original = sign();
const tamperedBody = { ...original, body: original.body.map((b, i) => (i === 2 ? b ^ 1 : b)) };
const { signature: _s, 'signature-input': _si, ...unsignedHeaders } = original.headers;
const scenario = [
  ['signed request', () => original, 'OK'],
  ['replayed', () => original, 'NONCE_REPLAYED'],
  ['one body byte changed', () => tamperedBody, 'DIGEST_MISMATCH'],
  ['path changed', () => ({ ...sign(), url: 'https://api.example.com/v1/admin?dry_run=1' }), 'SIGNATURE_INVALID'],
  ['expired (signed 10 min ago)', () => sign({ created: now() - 600 }), 'SIGNATURE_EXPIRED'],
  ['unsigned', () => ({ ...original, headers: unsignedHeaders }), 'SIGNATURE_MISSING'],
  ['unknown key id', () => sign({ keyId: 'someone-else' }), 'KEY_UNKNOWN'],
];

const rows = scenario.map(([name, make, expected]) => {
  const { status, code } = verify(make());
  return { case: name, status, code, expected, ok: code === expected };
});
console.log('Signwire demo: one signed POST and six attacks on it\n');
console.table(rows.map(({ ok, ...row }) => ({ ...row, verdict: ok ? 'as expected' : 'UNEXPECTED' })));
const failed = rows.filter((r) => !r.ok).length;
console.log(`${rows.length - failed} passed, ${failed} failed`);
if (ci && failed > 0) process.exitCode = 1;
