// Request smuggling through a real nginx and straight at Node: classic desync payloads written on
// raw sockets. The verdict comes from the backends' own logs of what they accepted: every accepted
// request must be one we signed as such (nonce, method, target and body bytes), none twice, and
// the signed requests that must get through get through exactly once.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, readLog, startBackend, startNginx, tempDir } from '../helpers/processes.js';
import { exchange } from '../helpers/raw-http.js';
import { chunked, type SignedRaw, signRaw, wire } from '../helpers/signing.js';

const SMUGGLED = 'GET /admin HTTP/1.1\r\nHost: api.test\r\nX-Smuggled: 1\r\n\r\n';
const TEXT: [string, string][] = [['Content-Type', 'text/plain']];

interface Expectation {
  readonly method: string;
  readonly target: string;
  readonly bodySha256: string;
  /** Must be accepted exactly once (otherwise: at most once). */
  readonly mustAccept: boolean;
}

const legit = new Map<string, Expectation>();
function signed(request: SignedRaw, mustAccept: boolean): SignedRaw {
  legit.set(request.nonce, { method: request.method, target: request.target, bodySha256: request.bodySha256, mustAccept });
  return request;
}

interface Payload {
  readonly name: string;
  /** Returns the bytes and the nonces (registered in `legit`) this payload carries. */
  build(): { bytes: Buffer; nonces: string[] };
}

/** A signed POST whose framing headers are replaced by `framing`; signed over `signedBody`. */
function framed(name: string, signedBody: string, framing: string[], wireBody: string, eol = '\r\n'): Payload {
  return {
    name,
    build() {
      const front = signed(signRaw('POST', `/${name}`, signedBody, TEXT), false);
      return { bytes: wire(front, framing, wireBody, eol), nonces: [front.nonce] };
    },
  };
}

const clTeBody = `0\r\n\r\n${SMUGGLED}`;
const teClBody = chunked(SMUGGLED);
const PAYLOADS: Payload[] = [
  framed('cl-te', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: chunked'], clTeBody),
  framed('te-cl', SMUGGLED, ['Content-Length: 4', 'Transfer-Encoding: chunked'], teClBody),
  framed('te-te-xchunked', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: xchunked'], clTeBody),
  framed('te-te-space-before-colon', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding : chunked'], clTeBody),
  framed('te-te-tab', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding:\tchunked'], clTeBody),
  framed('te-te-vtab', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding:\x0bchunked'], clTeBody),
  framed('te-te-double', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: chunked', 'Transfer-Encoding: x'], clTeBody),
  framed('te-te-identity-list', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: identity, chunked'], clTeBody),
  framed('te-te-upper', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: CHUNKED'], clTeBody),
  framed('te-te-quoted', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: "chunked"'], clTeBody),
  framed('te-te-obs-fold', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding:', ' chunked'], clTeBody),
  framed('te-te-bare-lf', clTeBody, [`Content-Length: ${clTeBody.length}`, 'Transfer-Encoding: chunked'], clTeBody, '\n'),
  framed('te-only-obfuscated', SMUGGLED, ['Transfer-Encoding: xchunked'], teClBody),
  framed('chunked-bare-lf', SMUGGLED, ['Transfer-Encoding: chunked'], `${SMUGGLED.length.toString(16)}\n${SMUGGLED}\n0\n\n`),
  framed('duplicate-cl', SMUGGLED, [`Content-Length: ${SMUGGLED.length}`, 'Content-Length: 0'], SMUGGLED),
  framed('duplicate-cl-reversed', SMUGGLED, ['Content-Length: 0', `Content-Length: ${SMUGGLED.length}`], SMUGGLED),
  framed('cl-list', SMUGGLED, [`Content-Length: ${SMUGGLED.length}, 0`], SMUGGLED),
  framed('cl-plus-sign', SMUGGLED, [`Content-Length: +${SMUGGLED.length}`], SMUGGLED),
  {
    name: 'smuggled-request-in-signed-body',
    build() {
      const front = signed(signRaw('POST', '/upload', SMUGGLED + SMUGGLED, TEXT), true);
      return { bytes: wire(front, 'content-length'), nonces: [front.nonce] };
    },
  },
  {
    name: 'get-with-body',
    build() {
      const front = signed(signRaw('GET', '/get-with-body', SMUGGLED, TEXT), false);
      return { bytes: wire(front, 'content-length'), nonces: [front.nonce] };
    },
  },
  {
    name: 'chunked-signed-body',
    build() {
      const body = '{"a":1,"smuggle":"GET /admin HTTP/1.1"}';
      const front = signed(signRaw('POST', '/chunked', body, [['Content-Type', 'application/json']]), true);
      return { bytes: wire(front, ['Transfer-Encoding: chunked'], chunked(body.slice(0, 7), body.slice(7))), nonces: [front.nonce] };
    },
  },
  {
    name: 'pipelined',
    build() {
      const a = signed(signRaw('GET', '/pipelined/a?x=1'), true);
      const c = signed(signRaw('POST', '/pipelined/c', 'hello', TEXT), true);
      const bytes = Buffer.concat([wire(a, 'content-length'), Buffer.from(SMUGGLED), wire(c, 'content-length'), wire(a, 'content-length')]);
      return { bytes, nonces: [a.nonce, c.nonce] };
    },
  },
];

interface Target {
  readonly name: string;
  port: number;
  readonly log: string;
}

const dir = tempDir('smuggling');
const logs = { express: join(dir, 'express.log'), node: join(dir, 'node.log') };
const targets: Target[] = [
  { name: 'nginx (buffered) → express', port: 0, log: logs.express },
  { name: 'nginx (streaming) → express', port: 0, log: logs.express },
  { name: 'nginx (buffered) → node', port: 0, log: logs.node },
  { name: 'nginx (streaming) → node', port: 0, log: logs.node },
  { name: 'direct → express', port: 0, log: logs.express },
  { name: 'direct → node', port: 0, log: logs.node },
];
const running: Running[] = [];

beforeAll(async () => {
  const express = await startBackend({ adapter: 'express', log: logs.express });
  running.push(express);
  const node = await startBackend({ adapter: 'node', log: logs.node });
  running.push(node);
  const nginx = await startNginx([
    { upstream: express.port, buffering: true },
    { upstream: express.port, buffering: false },
    { upstream: node.port, buffering: true },
    { upstream: node.port, buffering: false },
  ]);
  running.push(nginx);
  for (let i = 0; i < 4; i++) (targets[i] as Target).port = nginx.ports[i] as number;
  (targets[4] as Target).port = express.port;
  (targets[5] as Target).port = node.port;
});

afterAll(async () => {
  for (const process of running.reverse()) await process.stop();
});

/** Every accepted line is a request we signed as such, none accepted twice; returns accept counts. */
function checkLog(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of readLog(file)) {
    expect(entry.event, JSON.stringify(entry)).not.toBe('unverified-reached-handler');
    if (entry.event !== 'accepted') continue;
    const nonce = entry.nonce as string;
    const expected = legit.get(nonce);
    expect(expected, `accepted a request that was never signed: ${JSON.stringify(entry)}`).toBeDefined();
    expect({ method: entry.method, target: entry.target, bodySha256: entry.bodySha256 }).toEqual({
      method: expected?.method,
      target: expected?.target,
      bodySha256: expected?.bodySha256,
    });
    counts.set(nonce, (counts.get(nonce) ?? 0) + 1);
  }
  for (const [nonce, count] of counts) expect(count, `nonce ${nonce} accepted ${count} times`).toBe(1);
  return counts;
}

const outcomes: string[] = [];

for (const target of targets) {
  describe(target.name, () => {
    for (const payload of PAYLOADS) {
      it(payload.name, async () => {
        const { bytes, nonces } = payload.build();
        const attack = await exchange(target.port, bytes, { idleMs: 300 });
        // The victim: the next honest signed request, on a fresh connection (nginx reuses its
        // upstream connection, so a poisoned backend connection would surface here).
        const victim = signed(signRaw('GET', `/victim?after=${payload.name}`), true);
        const answer = await exchange(target.port, wire(victim, 'content-length'), { expect: 1 });
        outcomes.push(
          `${target.name} | ${payload.name}: ${attack.responses.map((r) => `${r.status}${r.body.includes('"code"') ? ` ${JSON.parse(r.body).error.code}` : ''}`).join(', ') || 'no response'}`,
        );
        expect(answer.responses.map((r) => r.status)).toEqual([200]);
        expect(JSON.parse(answer.responses[0]?.body ?? '{}').nonce).toBe(victim.nonce);
        const counts = checkLog(target.log);
        for (const nonce of [...nonces, victim.nonce]) {
          if (legit.get(nonce)?.mustAccept) expect(counts.get(nonce), `${nonce} must be accepted exactly once`).toBe(1);
        }
        // No response on the attack connection may be a 200 for something we did not sign.
        const accepted = attack.responses.filter((r) => r.status === 200).map((r) => JSON.parse(r.body).nonce as string);
        for (const nonce of accepted) expect(nonces).toContain(nonce);
      });
    }
  });
}

describe('summary', () => {
  it('no unsigned request was accepted anywhere, every must-accept signed request was accepted once', () => {
    const counts = new Map([...checkLog(logs.express), ...checkLog(logs.node)]);
    const mustAccept = [...legit].filter(([, e]) => e.mustAccept);
    for (const [nonce] of mustAccept) expect(counts.get(nonce)).toBe(1);
    const rejected = [...readLog(logs.express), ...readLog(logs.node)].filter((e) => e.event !== 'accepted').length;
    console.log(
      `smuggling: ${PAYLOADS.length} payloads × ${targets.length} targets; accepted ${counts.size} signed requests (${mustAccept.length} required), ${rejected} rejections/parse errors logged by the backends`,
    );
    console.log(outcomes.join('\n'));
  });
});
