// The inspector's paste mode (like jwt.io for JWTs): paste a request from a log, or only its header
// lines, with the secret and the server's origin, and see the decoded Signature-Input and each check
// of the verifier (docs/spec.md §9) as `signwire verify` runs them: the same modules, bundled into the
// page with @signwire/core. Nothing pasted is sent anywhere; the page only ever talks to its own origin.
import { importSecret, isSignwireError } from '@signwire/core';
import { toFieldLines, utf8 } from '@signwire/core/internal';
import { duration } from '../src/verify/format-report.ts';
import { parseOrigin, RequestFormatError, readReceivedRequest, toSignableRequest } from '../src/verify/received-request.ts';
import { createVerificationReport } from '../src/verify/report.ts';
import { summarizeSignature } from '../src/verify/signature-summary.ts';
import { ClockFormatError, parseVerifierClock } from '../src/verify/verifier-clock.ts';

const FIELDS = ['paste-request', 'paste-origin', 'paste-secret', 'paste-keyid', 'paste-now', 'paste-method', 'paste-target'];

/**
 * Wires the paste card.
 *
 * @param {{ $: (id: string) => HTMLElement, el: Function, baseLines: (base: string) => HTMLElement[], lastSent: () => object | undefined, form: () => { keyId: string, secret: string } }} page
 */
export function initPasteMode(page) {
  const { $ } = page;
  $('paste-origin').value = location.origin;
  for (const id of FIELDS) $(id).addEventListener('input', () => verifyPasted(page));
  $('paste-last').addEventListener('click', () => {
    const sent = page.lastSent();
    if (sent === undefined) return void showProblem(page, 'Send a signed request first (step 4), then paste it here.');
    const { keyId, secret } = page.form();
    $('paste-request').value = rawRequest(sent);
    $('paste-origin').value = location.origin;
    $('paste-secret').value = secret;
    $('paste-keyid').value = keyId;
    verifyPasted(page);
  });
  verifyPasted(page);
}

/** A sent request as raw HTTP/1.1 text, as a server log would show it. */
function rawRequest({ url, method, headers, body }) {
  const target = new URL(url);
  const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  return `${lines.join('\n')}\n\n${body === undefined ? '' : new TextDecoder().decode(body)}`;
}

/**
 * A paste that starts with a header line (`Name: value`; a method never holds a colon) gets the
 * request line from the Method and Path fields.
 */
function withRequestLine(text, method, target) {
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  return /^[^\s:]+:/.test(first) ? `${method.trim() || 'GET'} ${target.trim() || '/'} HTTP/1.1\n${text.trimStart()}` : text;
}

function verifyPasted(page) {
  const { $ } = page;
  const text = $('paste-request').value;
  if (text.trim() === '') {
    $('paste-result').replaceChildren(page.el('p', 'hint', 'Paste a request above: its checks appear here.'));
    $('paste-result').dataset.code = '';
    return;
  }
  let report;
  let notes;
  try {
    const received = readReceivedRequest(utf8(withRequestLine(text, $('paste-method').value, $('paste-target').value)));
    notes = received.notes;
    const originText = $('paste-origin').value.trim();
    const origin = originText === '' && received.target === undefined ? undefined : parseOrigin(originText);
    const request = toSignableRequest(received, origin);
    const key = importSecret({ base64: $('paste-secret').value.trim() });
    const keyId = $('paste-keyid').value.trim();
    const now = parseVerifierClock($('paste-now').value, () => {
      const summary = summarizeSignature(toFieldLines(request.headers), 'sig1');
      return typeof summary === 'string' ? undefined : summary.created;
    });
    report = createVerificationReport({ request, now, lookupKey: (id) => (keyId === '' || id === keyId ? { key } : undefined) });
  } catch (error) {
    if (error instanceof RequestFormatError || error instanceof ClockFormatError) return void showProblem(page, error.message);
    if (isSignwireError(error)) return void showProblem(page, `${error.code}: ${error.message}`);
    throw error;
  }
  renderReport(page, report, notes);
}

function showProblem(page, message) {
  page.$('paste-result').dataset.code = 'INPUT';
  page.$('paste-result').replaceChildren(page.el('div', 'error', message));
}

function renderReport(page, report, notes) {
  const { $, el } = page;
  const verdict = el('div', `verdict ${report.valid ? 'accepted' : 'rejected'}`);
  verdict.id = 'paste-verdict';
  const head = el('div', 'verdict-head');
  head.append(
    el('span', 'status', report.valid ? '✓' : String(report.status)),
    el('span', 'code', report.valid ? 'VALID' : report.code),
    el(
      'span',
      'what',
      report.valid ? 'every check passed (replay needs the server’s store)' : `step ${report.failedStep}: ${report.message}`,
    ),
  );
  verdict.append(head);
  const parts = [...notes.map((note) => el('p', 'hint note', `Note: ${note}`)), verdict];
  const hint = timeHint(page, report);
  if (hint !== undefined) parts.push(hint);
  const columns = el('div', 'paste-columns');
  const left = el('div', 'paste-column');
  if (report.signature !== undefined) left.append(el('h3', '', 'Signature-Input, decoded'), signatureTable(el, report));
  left.append(el('h3', '', 'Checks (docs/spec.md §9)'), checkList(el, report));
  const right = el('div', 'paste-column');
  right.append(el('h3', '', 'Signature base'));
  right.append(
    report.signatureBase === undefined
      ? el('p', 'hint', 'Not computed: verification stopped before step 10.')
      : Object.assign(el('ol', 'base'), { id: 'paste-base' }),
  );
  if (report.signatureBase !== undefined) right.querySelector('#paste-base').replaceChildren(...page.baseLines(report.signatureBase));
  columns.append(left, right);
  parts.push(columns);
  $('paste-result').dataset.code = report.valid ? 'VALID' : report.code;
  $('paste-result').replaceChildren(...parts);
}

function signatureTable(el, report) {
  const table = el('dl', 'decoded');
  const { signature, now } = report;
  const add = (name, value, note) => {
    const dd = el('dd', '', value);
    if (note !== undefined) dd.append(el('small', '', ` ${note}`));
    table.append(el('dt', '', name), dd);
  };
  add('label', signature.label);
  add('covered', signature.covered.join(' '));
  for (const [name, value] of signature.params) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    add(name, shown, (name === 'created' || name === 'expires') && typeof value === 'number' ? when(value, now) : undefined);
  }
  return table;
}

/** `2023-11-14 22:13:20 UTC, 3 h 2 min ago`. */
function when(seconds, now) {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return '(not a date)';
  const delta = now - seconds;
  const relation = delta === 0 ? 'now' : delta > 0 ? `${duration(delta)} before the clock` : `${duration(-delta)} after the clock`;
  return `(${date.toISOString().replace('T', ' ').replace('.000Z', ' UTC')}, ${relation})`;
}

function checkList(el, report) {
  const list = el('ol', 'checks');
  list.id = 'paste-checks';
  const marks = { passed: '✓', failed: '✗', 'not-run': '·', skipped: '–' };
  for (const check of report.checks) {
    const item = el('li', check.status);
    item.dataset.step = String(check.step);
    item.dataset.status = check.status;
    item.append(el('span', 'mark', marks[check.status]), el('span', 'name', `${check.step} ${check.name}`));
    const detail = check.status === 'failed' ? `${check.code}: ${check.detail}` : check.status === 'not-run' ? 'not run' : check.detail;
    if (detail !== undefined) item.append(el('span', 'detail', detail));
    list.append(item);
  }
  return list;
}

/** For a time failure: when it was signed, and a button to check the rest as of then. */
function timeHint(page, report) {
  const created = report.signature?.created;
  if ((report.code !== 'SIGNATURE_EXPIRED' && report.code !== 'SIGNATURE_FROM_FUTURE') || created === undefined) return undefined;
  const hint = page.el(
    'p',
    'hint',
    `Signed ${when(created, report.now).slice(1, -1)}. A request from a log is usually older than the maximum age (300 s): `,
  );
  const button = page.el('button', 'link', 'check it as of when it was signed');
  button.type = 'button';
  button.id = 'paste-as-created';
  button.addEventListener('click', () => {
    page.$('paste-now').value = 'created';
    verifyPasted(page);
  });
  hint.append(button);
  return hint;
}
