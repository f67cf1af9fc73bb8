// @hono/node-server passes the Node request as `incoming` in its environment; the Hono and Fetch
// adapters read the raw target and peer address from it, and from nothing else.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { signwire } from '../../src/adapters/hono.js';
import { nodeServerContext } from '../../src/adapters/node-server-context.js';
import { createVerifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, signedRequest } from '../helpers.js';

describe('nodeServerContext', () => {
  it("reads @hono/node-server's incoming request", () => {
    expect(nodeServerContext({ incoming: { url: '/v1/orders?x=1', socket: { remoteAddress: '10.0.0.1' } } })).toEqual({
      requestTarget: '/v1/orders?x=1',
      remoteAddress: '10.0.0.1',
    });
  });

  it.each([
    ['no environment', undefined],
    ['null', null],
    ["a Worker's bindings", { DB: {} }],
    ['an incoming binding that is null', { incoming: null }],
    ['an incoming binding that is a string', { incoming: 'queue' }],
    ['an incoming without a url', { incoming: { socket: {} } }],
  ])('gives nothing for %s', (_what, env) => {
    expect(nodeServerContext(env)).toEqual({});
  });
});

describe('Hono middleware in an environment with an incoming binding that is not a Node request', () => {
  it('verifies the request from its Fetch URL', async () => {
    const app = new Hono();
    app.use(signwire(createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW, log: false })));
    app.post('/v1/orders', (c) => c.text('ok'));
    const response = await app.request(signedRequest({ body: '{}' }), undefined, { incoming: null });
    expect(response.status).toBe(200);
  });
});
