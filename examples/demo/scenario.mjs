// The scripted scenario: one signed POST and six attacks on it, each sent over real HTTP.
import { createSigner, jsonBody, nobleHashes } from '@signwire/client';
import { DEMO_KEY_ID, DEMO_SECRET } from './server.mjs';

// Synchronous pure-JS hashes, so that the scenario can signSync (the default, WebCrypto, is async).
const options = { secret: { base64: DEMO_SECRET }, hashes: nobleHashes };
const signer = createSigner({ keyId: DEMO_KEY_ID, ...options });
const stranger = createSigner({ keyId: 'someone-else', ...options });
const tenMinutesAgo = createSigner({ keyId: DEMO_KEY_ID, ...options, now: () => Date.now() - 600_000 });

/** Signs a POST of canonical JSON; returns what fetch needs, body as the exact bytes signed. */
function signedOrder(baseUrl, { by = signer, path = '/api/orders?dry_run=1' } = {}) {
  const { body, headers } = jsonBody({ item: 'book', qty: 2 });
  const request = { method: 'POST', url: baseUrl + path, headers: { ...headers }, body: new TextEncoder().encode(body) };
  return { ...request, headers: { ...request.headers, ...by.signSync(request) } };
}

export function scenario(baseUrl) {
  const original = signedOrder(baseUrl);
  return [
    { name: 'signed request', expected: 'OK', make: () => original },
    {
      name: 'one body byte changed',
      expected: 'DIGEST_MISMATCH',
      make: () => {
        const request = signedOrder(baseUrl);
        const body = request.body.slice();
        body[body.indexOf(0x32)] = 0x39; // "qty":2 → "qty":9
        return { ...request, body };
      },
    },
    {
      name: 'path changed',
      expected: 'SIGNATURE_INVALID',
      make: () => ({ ...signedOrder(baseUrl), url: `${baseUrl}/api/refunds?dry_run=1` }),
    },
    { name: 'replayed', expected: 'NONCE_REPLAYED', make: () => original },
    { name: 'expired (signed 10 min ago)', expected: 'SIGNATURE_EXPIRED', make: () => signedOrder(baseUrl, { by: tenMinutesAgo }) },
    { name: 'unsigned', expected: 'SIGNATURE_MISSING', make: () => ({ ...original, headers: { 'content-type': 'application/json' } }) },
    { name: 'signed with an unknown key', expected: 'KEY_UNKNOWN', make: () => signedOrder(baseUrl, { by: stranger }) },
  ];
}

/** Runs every case in order against the server; one row per case. */
export async function runScenario(baseUrl) {
  const rows = [];
  for (const { name, expected, make } of scenario(baseUrl)) {
    const { method, url, headers, body } = make();
    const response = await fetch(url, { method, headers, body });
    const answer = await response.json().catch(() => ({}));
    const code = response.ok ? 'OK' : (answer.error?.code ?? '?');
    rows.push({ name, request: `${method} ${new URL(url).pathname}`, status: response.status, code, expected, ok: code === expected });
  }
  return rows;
}

/** The rows as a plain-text table. */
export function formatTable(rows) {
  const head = ['case', 'request', 'status', 'code', 'verdict'];
  const cells = rows.map((r) => [r.name, r.request, String(r.status), r.code, r.ok ? '✓ as expected' : `✗ expected ${r.expected}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `  ${c.map((v, i) => v.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}
