// The signature inspector: signs with the real @signwire/client (and shows core's intermediate
// values), sends to the demo API, diffs signature bases, copies the request as a shell command, and
// verifies a pasted request (paste-mode.js). Bundled into dist/inspector/ by tsup.
import { createSignedFetch, createSigner, extraComponents, isSignwireError, nobleHashes } from '@signwire/client';
import { canonicalJson, createNonce, importSecret, signRequest } from '@signwire/core';
import { DEMO_KEY_ID, DEMO_SECRET } from '../src/inspector/demo-key.ts';
import { curlCommand, signwireCommand } from './copy-command.js';
import { initPasteMode } from './paste-mode.js';

const $ = (id) => document.getElementById(id);
const utf8 = new TextEncoder();
let stamp = freshStamp();
let current; // the request as signed from the form
let lastSent; // the last request sent, for "replay"
let panelFromVerdict = false; // the compare panel shows a verdict's bases (not something pasted)

function freshStamp() {
  return { created: Math.floor(Date.now() / 1000), nonce: createNonce() };
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function parseHeaders(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon < 1) throw new Error(`header line without "name: value": ${line}`);
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
}

/** Reads the form and signs it: core for the intermediate values, the client for the headers. */
function sign() {
  const method = $('method').value;
  const headers = parseHeaders($('headers').value);
  const components = $('components')
    .value.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const contentType = headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  let text = method === 'GET' ? '' : $('body').value;
  if (text !== '' && $('canonicalize').checked && /^application\/([\w.-]+\+)?json\b/i.test(contentType)) {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error('the body is not valid JSON (untick "canonical form" to send it as it is)');
    }
    text = canonicalJson(value);
  }
  const body = text === '' ? undefined : utf8.encode(text);
  const secret = { base64: $('secret').value.trim() };
  const keyId = $('keyid').value.trim();
  const request = { method, url: $('url').value.trim(), headers, body };
  const { created, nonce } = stamp;
  // nobleHashes: synchronous, so the page re-renders on every keystroke (createSignedFetch's default is WebCrypto).
  const signer = createSigner({
    keyId,
    secret,
    components: extraComponents(components),
    now: () => created * 1000,
    nonce: () => nonce,
    hashes: nobleHashes,
  });
  const signed = signer.signSync(request);
  const parts = signRequest({ request, key: importSecret(secret), keyId, created, nonce, components });
  const agree = parts.headers.signature === signed.signature && parts.headers['signature-input'] === signed['signature-input'];
  return { method, url: parts.url, headers, body, text, signer, signed, parts, agree, keyId, components };
}

function render() {
  const error = $('sign-error');
  try {
    current = sign();
  } catch (caught) {
    current = undefined;
    error.hidden = false;
    error.textContent = isSignwireError(caught) ? `${caught.code}: ${caught.message}` : String(caught.message ?? caught);
    $('outputs').classList.add('stale');
    $('agree').hidden = true;
    return;
  }
  error.hidden = true;
  $('outputs').classList.remove('stale');
  const { parts, signed, text, agree } = current;
  $('out-body').textContent = text === '' ? '(no body: no Content-Digest)' : text;
  $('out-digest').textContent = signed['content-digest'] ?? '—';
  $('out-base').replaceChildren(...baseLines(parts.signatureBase));
  $('out-input').textContent = signed['signature-input'];
  $('out-signature').textContent = signed.signature;
  $('agree').hidden = false;
  $('agree').className = `badge ${agree ? 'good' : 'bad'}`;
  $('agree').textContent = agree ? '✓ client and core agree' : '✗ client and core differ';
  $('stamp').textContent = `created ${stamp.created} (${new Date(stamp.created * 1000).toLocaleTimeString()}) · nonce ${stamp.nonce}`;
}

function baseLines(base) {
  return base.split('\n').map((line) => {
    const item = el('li');
    const split = line.indexOf('": ');
    item.append(el('span', 'component', line.slice(0, split + 2)), el('span', 'value', line.slice(split + 2)));
    return item;
  });
}

/**
 * Sends a request and shows the server's verdict. `signatureBase` is the base the sent request was
 * signed over (undefined for an unsigned request): the server's base is compared with it, never with
 * the form's current signature, which is re-signed after every send.
 */
async function send(label, { url, method, headers, body, signatureBase }, run = () => fetch(url, { method, headers, body })) {
  const verdict = $('verdict');
  verdict.className = 'verdict pending';
  verdict.textContent = 'Sending…';
  let response;
  try {
    response = await run();
  } catch (caught) {
    verdict.className = 'verdict rejected';
    verdict.dataset.status = 'error';
    verdict.textContent = `${label}: not sent — ${isSignwireError(caught) ? caught.code : caught.name}: ${caught.message}`;
    return;
  }
  const answer = await response.json().catch(() => ({}));
  const code = response.ok ? 'ACCEPTED' : (answer.error?.code ?? 'ERROR');
  verdict.className = `verdict ${response.ok ? 'accepted' : 'rejected'}`;
  verdict.dataset.status = String(response.status);
  verdict.dataset.code = code;
  const head = el('div', 'verdict-head');
  head.append(
    el('span', 'status', String(response.status)),
    el('span', 'code', code),
    el('span', 'what', `${label} · ${method} ${new URL(url).pathname}${new URL(url).search}`),
  );
  const detail = el(
    'p',
    'message',
    response.ok ? `Verified: signed by ${answer.keyId}, covering ${answer.covered?.join(' ')}.` : answer.error?.message,
  );
  verdict.replaceChildren(head, detail);
  showBases(verdict, answer.error?.code, signatureBase, answer.error?.signatureBase);
}

/**
 * Explains the server's base against the signed one in the verdict, and puts both into the compare
 * panel. A verdict without a server base clears what an earlier verdict left there (never what was
 * pasted), so the panel never shows the diff of another request.
 */
function showBases(verdict, code, signed, server) {
  if (signed === undefined || server === undefined) {
    if (panelFromVerdict) {
      $('base-client').value = '';
      $('base-server').value = '';
      panelFromVerdict = false;
      renderDiff();
    }
    return;
  }
  if (server !== signed) {
    verdict.append(el('p', 'message', "The server's signature base differs from the one signed:"), diffView(signed, server));
  } else if (code === 'SIGNATURE_INVALID') {
    verdict.append(
      el(
        'p',
        'message same-base',
        'The server computed the same signature base, so the keys differ: the secret, its encoding (base64, base64url, hex), or the key the server holds for this keyid.',
      ),
    );
  } else {
    verdict.append(el('p', 'message same-base', 'The server computed the same signature base as the one signed.'));
  }
  $('base-client').value = signed;
  $('base-server').value = server;
  panelFromVerdict = true;
  renderDiff();
}

/** The signed request as it is sent, with the base it was signed over. */
function withSignature(request) {
  return {
    url: request.url,
    method: request.method,
    headers: [...request.headers, ...Object.entries(request.signed)],
    body: request.body,
    signatureBase: request.parts.signatureBase,
  };
}

/** Rotates created and nonce after a send, so the next send is a fresh request. */
function afterSend() {
  stamp = freshStamp();
  render();
}

async function sendSigned() {
  if (current === undefined) return;
  const request = withSignature(current);
  // The real createSignedFetch, with the clock and nonce shown above: it sends exactly these headers.
  const signedFetch = createSignedFetch(current.signer);
  await send('signed', request, () => signedFetch(current.url, { method: current.method, headers: current.headers, body: current.body }));
  lastSent = request;
  afterSend();
}

async function tamperBody() {
  if (current === undefined) return;
  const request = withSignature(current);
  if (request.body === undefined) return void showNote('This request has no body to change: pick POST and type a body.');
  const body = request.body.slice();
  const at = body.findIndex((byte) => (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a));
  body[Math.max(at, 0)] ^= 0x01; // e.g. "2" → "3", "b" → "c"
  await send('one body byte changed', { ...request, body });
  afterSend();
}

async function tamperPath() {
  if (current === undefined) return;
  const request = withSignature(current);
  const url = new URL(request.url);
  url.pathname = url.pathname.replace(/[^/]*$/, 'admin');
  await send('path changed', { ...request, url: url.href });
  afterSend();
}

async function replay() {
  if (lastSent === undefined) return void showNote('Send a signed request first, then replay it.');
  await send('replayed', lastSent);
}

async function unsigned() {
  if (current === undefined) return;
  await send('unsigned', { url: current.url, method: current.method, headers: current.headers, body: current.body });
}

function showNote(text) {
  $('verdict').className = 'verdict idle';
  $('verdict').textContent = text;
}

/** A side-by-side view of two signature bases; differing lines marked from the first differing character. */
function diffView(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  const table = el('div', 'diff-table');
  table.append(el('div', 'diff-h', ''), el('div', 'diff-h', 'client'), el('div', 'diff-h', 'server'));
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    const same = l === r && i < left.length && i < right.length;
    let prefix = 0;
    while (prefix < l.length && l[prefix] === r[prefix]) prefix++;
    const cell = (text) => {
      const node = el('div', `diff-cell${same ? '' : ' differs'}`);
      if (same) node.textContent = text;
      else node.append(text.slice(0, prefix), el('mark', '', text.slice(prefix) || '∅'));
      return node;
    };
    table.append(el('div', `diff-n${same ? '' : ' differs'}`, String(i + 1)), cell(l), cell(r));
  }
  return table;
}

function renderDiff() {
  const a = $('base-client').value.replace(/\r\n/g, '\n').trimEnd();
  const b = $('base-server').value.replace(/\r\n/g, '\n').trimEnd();
  const out = $('diff');
  if (a === '' || b === '') return void out.replaceChildren(el('p', 'hint', 'Paste both bases to compare them.'));
  const summary =
    a === b
      ? el('p', 'same', '✓ Identical: the MACs differ only if the keys differ.')
      : el('p', 'differs-note', 'The highlighted lines differ.');
  out.replaceChildren(summary, diffView(a, b));
}

/** Shows a command and copies it to the clipboard when the page may. */
async function copyCommand(kind) {
  if (current === undefined) return;
  const command = kind === 'curl' ? curlCommand(current) : signwireCommand(current);
  $('copy-out').hidden = false;
  $('copy-out').textContent = command;
  $('copy-out').dataset.kind = kind;
  const note =
    kind === 'curl'
      ? 'Plain curl with the signature above: accepted for 300 s (the maximum age), and once (its nonce).'
      : 'Signs afresh each time it runs, with the secret from SIGNWIRE_SECRET (never put it in a command line).';
  const copied = await navigator.clipboard?.writeText(command).then(
    () => true,
    () => false,
  );
  $('copy-note').hidden = false;
  $('copy-note').textContent = `${copied ? 'Copied. ' : ''}${note}`;
}

function init() {
  $('url').value = `${location.origin}/api/orders?dry_run=1`;
  $('headers').value = 'content-type: application/json';
  $('body').value = '{\n  "qty": 2,\n  "item": "book",\n  "note": "déjà vu"\n}';
  $('keyid').value = DEMO_KEY_ID;
  $('secret').value = DEMO_SECRET;
  for (const id of ['method', 'url', 'headers', 'body', 'canonicalize', 'keyid', 'secret', 'components']) {
    $(id).addEventListener('input', render);
  }
  $('resign').addEventListener('click', afterSend);
  $('send').addEventListener('click', sendSigned);
  $('replay').addEventListener('click', replay);
  $('tamper-body').addEventListener('click', tamperBody);
  $('tamper-path').addEventListener('click', tamperPath);
  $('unsigned').addEventListener('click', unsigned);
  $('copy-curl').addEventListener('click', () => copyCommand('curl'));
  $('copy-signwire').addEventListener('click', () => copyCommand('signwire'));
  for (const id of ['base-client', 'base-server']) {
    $(id).addEventListener('input', () => {
      panelFromVerdict = false; // pasted or edited: a later verdict without a server base leaves it alone
      renderDiff();
    });
  }
  render();
  renderDiff();
  initPasteMode({
    $,
    el,
    baseLines,
    lastSent: () => lastSent,
    form: () => ({ keyId: $('keyid').value.trim(), secret: $('secret').value.trim() }),
  });
  document.body.dataset.ready = 'true';
}

init();
