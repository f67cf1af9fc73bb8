// The requests every signer is measured on: a typical POST (query + 1 KB canonical JSON body), a
// GET, and a POST with a 1 MiB body. Everything is fixed, so the runs are reproducible.
export const ORIGIN = 'https://api.example.com';
export const KEY_ID = 'client-1';
export const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
export const NOW_SECONDS = 1_700_000_000;
export const NONCE = 'bmV2ZXItcmV1c2UtYS1ub25jZQ';

function jsonOfSize(bytes) {
  const items = [];
  let text = '';
  for (let i = 0; text.length < bytes - 40; i++) {
    items.push({ id: i, name: `item-${i}`, qty: (i % 7) + 1, price: 9.5 + i });
    text = JSON.stringify({ customer: 'c-1042', currency: 'EUR', items });
  }
  return text;
}

const encoder = new TextEncoder();
const oneMiB = new Uint8Array(1024 * 1024).map((_, i) => (i * 31 + 7) & 0xff);

/** @type {Record<string, { method: string, path: string, query: string, contentType?: string, body?: Uint8Array, bodyText?: string }>} */
export const REQUESTS = {
  post1k: {
    method: 'POST',
    path: '/v1/orders',
    query: 'region=eu&dry_run=false',
    contentType: 'application/json',
    bodyText: jsonOfSize(1024),
  },
  get: { method: 'GET', path: '/v1/orders/42', query: 'expand=items' },
  post1m: { method: 'POST', path: '/v1/uploads', query: 'part=1', contentType: 'application/octet-stream', body: oneMiB },
};
for (const request of Object.values(REQUESTS)) {
  if (request.bodyText !== undefined) request.body = encoder.encode(request.bodyText);
  request.url = `${ORIGIN}${request.path}?${request.query}`;
  request.target = `${request.path}?${request.query}`;
  request.headers = request.contentType === undefined ? {} : { 'content-type': request.contentType };
}

/** Covered `"@query-param"` components of the long-query requests: 28, with the 4 required ones 32, the most §9 step 5 allows. */
export const QUERY_PARAMS = 28;

/**
 * A long request target: {@link QUERY_PARAMS} parameters `p0=1` … `p27=1`, then parameters whose name
 * and value are percent-encoded UTF-8 (`%C3%A9`), which every `@query-param` must decode, up to
 * `queryBytes` characters of query, and the `@query-param` components that cover `p0` … `p27`.
 *
 * @param {number} queryBytes - the length of the query, to within one parameter (14,000 fits Node's 16 KB header limit).
 * @returns {{ target: string, components: { name: string, params: { name: string } }[] }}
 */
export function longQueryTarget(queryBytes) {
  const names = Array.from({ length: QUERY_PARAMS }, (_, i) => `p${i}`);
  const head = `${names.map((name) => `${name}=1`).join('&')}&`;
  const pad = '%C3%A9=%C3%A9&';
  const query = head + pad.repeat(Math.round((queryBytes - head.length) / pad.length)); // whole escapes only
  return { target: `/v1/search?${query}`, components: names.map((name) => ({ name: '@query-param', params: { name } })) };
}

/**
 * A request any client can send without the key (docs/security.md, CPU exhaustion): the
 * {@link longQueryTarget}, a known key id (key ids travel in clear) and a well-formed but wrong MAC.
 *
 * @param {number} queryBytes - the length of the query (see {@link longQueryTarget}).
 * @param {{ keyId?: string, created: number, queryParams?: boolean }} options - the key id (default
 * the fixtures' one), `created`, and whether the `@query-param` are covered (default true; without
 * them only the 4 required components are).
 * @returns {{ method: string, target: string, headers: [string, string][] }} the request as a verifier receives it.
 */
export function forgedQueryParamRequest(queryBytes, { keyId = KEY_ID, created, queryParams = true }) {
  const { target, components } = longQueryTarget(queryBytes);
  const extra = queryParams ? components.map(({ params }) => `"@query-param";name="${params.name}"`) : [];
  const covered = ['"@method"', '"@authority"', '"@path"', '"@query"', ...extra];
  const params = `created=${created};nonce="${NONCE}";keyid="${keyId}";alg="hmac-sha256";tag="signwire-v1"`;
  const headers = [
    ['signature-input', `sig1=(${covered.join(' ')});${params}`],
    ['signature', `sig1=:${btoa(String.fromCharCode(...new Uint8Array(32)))}:`],
  ];
  return { method: 'GET', target, headers };
}
