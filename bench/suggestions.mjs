// node bench/suggestions.mjs: measures the fast paths proposed in docs/performance.md for the top
// costs found by bench/profile.mjs, against what core and server do today. Nothing here is used by
// Signwire; it only puts numbers on the suggestions.
import { measure } from 'mitata';
import { REQUESTS } from './lib/fixtures.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const { core } = await loadSignwire();
const components = ['@method', '@authority', '@path', '@query', 'content-type', 'content-digest'].map((name) => ({ name }));
const params = new Map(
  Object.entries({
    created: 1_700_000_000,
    nonce: 'bmV2ZXItcmV1c2UtYS1ub25jZQ',
    keyid: 'client-1',
    alg: 'hmac-sha256',
    tag: 'signwire-v1',
  }),
);

// Identifiers and parameters are validated before serialization (names are lower-case tokens or
// @-names, keyid/nonce/tag match patterns without `"` or `\`), so a template gives the same bytes.
const fastIdentifier = (c) => (c.params === undefined ? `"${c.name}"` : core.serializeComponentIdentifier(c));
const fastParams = (list, p) =>
  `(${list.map(fastIdentifier).join(' ')})${[...p].map(([k, v]) => `;${k}=${typeof v === 'string' ? `"${v}"` : v}`).join('')}`;
if (fastParams(components, params) !== core.serializeSignatureParams(components, params)) throw new Error('fast path differs');

const sharedDecoder = new TextDecoder('utf-8', { fatal: true });
const body = REQUESTS.post1k.body;
const rows = [
  ['serializeSignatureParams (structured-headers)', () => core.serializeSignatureParams(components, params)],
  ['  template over validated values', () => fastParams(components, params)],
  ['serializeComponentIdentifier × 6 (structured-headers)', () => components.map(core.serializeComponentIdentifier)],
  ['  a quoted name when there are no parameters × 6', () => components.map(fastIdentifier)],
  ['JSON body: new TextDecoder per request + parse', () => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))],
  ['  one shared fatal TextDecoder + parse', () => JSON.parse(sharedDecoder.decode(body))],
];
for (const [name, fn] of rows) {
  const { p50 } = await measure(fn, { min_cpu_time: 200e6 });
  console.log(`${(p50 / 1e3).toFixed(3).padStart(8)} µs  ${name}`);
}
