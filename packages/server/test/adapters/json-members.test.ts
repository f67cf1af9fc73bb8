// JSON bodies with two members of the same name, or with members that reach an object's prototype
// when the application merges the body (`Object.assign({}, body)`): JSON.parse keeps the last
// duplicate silently and makes `__proto__` an own member, so a signed body could carry what a
// Signwire client never sends (RFC 8785 output has neither). Every adapter refuses them.
import { afterEach, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, sign } from '../helpers.js';
import { type RawResponse, sendRaw } from './raw-http.js';
import { ADAPTERS, type Running, type Summary, startServer } from './servers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function verifier(allowJsonPrototypeMembers?: boolean): Verifier {
  return createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, log: false, allowJsonPrototypeMembers });
}

async function post(server: Running, body: string, contentType = 'application/json'): Promise<RawResponse> {
  const parts = sign({ body, headers: [['content-type', contentType]] });
  return sendRaw(server.port, {
    method: 'POST',
    target: '/v1/orders?dry_run=1',
    headers: parts.headers,
    authority: 'api.example.com',
    body: parts.body ?? new Uint8Array(0),
  });
}

function codeOf(response: RawResponse): string | undefined {
  return (JSON.parse(response.text) as { error?: { code: string } }).error?.code;
}

describe.each(ADAPTERS)('%s adapter, JSON member names', (adapter) => {
  async function started(allow?: boolean): Promise<Running> {
    const server = await startServer(adapter, verifier(allow));
    closers.push(() => server.close());
    return server;
  }

  it('refuses a duplicate member that hides a __proto__ member (JSON_DUPLICATE_MEMBER, 400)', async () => {
    const response = await post(await started(), '{"a":1,"__proto__":{"admin":true},"a":2}');
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('JSON_DUPLICATE_MEMBER');
  });

  it.each([
    ['{"a":1,"a":1}'],
    ['{"x":{"b":[1,{"c":1,"c":2}]}}'],
    ['{"a":1,"\\u0061":2}'],
  ])('refuses duplicate member names, escaped or nested: %s', async (body) => {
    const response = await post(await started(), body, 'application/merge-patch+json');
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('JSON_DUPLICATE_MEMBER');
  });

  it.each([
    ['{"__proto__":{"admin":true}}'],
    ['[{"x":1},{"__pro\\u0074o__":{"admin":true}}]'],
    ['{"constructor":{"prototype":{"admin":true}}}'],
  ])('refuses prototype members by default (JSON_PROTOTYPE_MEMBER, 400): %s', async (body) => {
    const response = await post(await started(), body);
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('JSON_PROTOTYPE_MEMBER');
  });

  it('accepts what is only near a prototype member: a value "__proto__", a constructor array, a prototype elsewhere', async () => {
    const server = await started();
    for (const body of ['{"name":"__proto__"}', '{"constructor":[{"prototype":1}]}', '{"prototype":1,"x":{"constructor":1}}']) {
      const response = await post(server, body);
      expect(response.status, body).toBe(200);
      expect((JSON.parse(response.text) as Summary).appBody).toEqual(JSON.parse(body));
    }
  });

  it('takes the same body as bytes when it is not declared JSON', async () => {
    const response = await post(await started(), '{"a":1,"a":2}', 'text/plain');
    expect(response.status).toBe(200);
  });

  it('still refuses duplicates with allowJsonPrototypeMembers', async () => {
    const response = await post(await started(true), '{"__proto__":1,"__proto__":2}');
    expect(codeOf(response)).toBe('JSON_DUPLICATE_MEMBER');
  });
});

describe.each(ADAPTERS.filter((name) => name !== 'fastify'))('%s adapter with allowJsonPrototypeMembers', (adapter) => {
  it('hands a prototype member on as an own member', async () => {
    const server = await startServer(adapter, verifier(true));
    closers.push(() => server.close());
    const response = await post(server, '{"__proto__":{"admin":true}}');
    expect(response.status).toBe(200);
    const summary = JSON.parse(response.text) as Summary;
    expect(JSON.stringify(summary.appBody)).toBe('{"__proto__":{"admin":true}}');
  });
});

describe('fastify adapter with allowJsonPrototypeMembers', () => {
  it("leaves a prototype member to Fastify's own JSON parser, which refuses it (400, Fastify's code)", async () => {
    const server = await startServer('fastify', verifier(true));
    closers.push(() => server.close());
    const response = await post(server, '{"__proto__":{"admin":true}}');
    expect(response.status).toBe(400);
    expect((JSON.parse(response.text) as { code: string }).code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
  });
});
