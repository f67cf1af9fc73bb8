// The Hono middleware hands on the verified bytes through Hono's public request: `c.req.raw` is
// replaced by a request that carries them (as Hono's body-limit middleware does), so every body
// method, and the raw request itself, reads exactly what was verified.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type SignwireVariables, signwire } from '../../src/adapters/hono.js';
import { createVerifier } from '../../src/index.js';
import { NOW, ORIGIN, SECRET, signedRequest } from '../helpers.js';

const verifier = createVerifier({ keys: { 'client-1': SECRET }, publicOrigin: ORIGIN, now: () => NOW });

function app(route: (raw: Request, text: () => Promise<string>) => Promise<unknown>): Hono<{ Variables: SignwireVariables }> {
  const hono = new Hono<{ Variables: SignwireVariables }>();
  hono.use(signwire(verifier));
  hono.all('*', async (c) => c.json({ seen: await route(c.req.raw, () => c.req.text()), by: c.get('signwire').keyId }));
  return hono;
}

describe('Hono middleware: the verified hand-off', () => {
  it('c.req.raw carries the verified bytes and the verified result', async () => {
    const response = await app(async (raw) => ({
      text: await raw.text(),
      keyId: (raw as Request & { signwire?: { keyId: string } }).signwire?.keyId,
    })).request(signedRequest({ body: '{"sku":"A-1"}' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ seen: { text: '{"sku":"A-1"}', keyId: 'client-1' }, by: 'client-1' });
  });

  it('c.req.text() and c.req.raw read the same verified bytes, one after the other', async () => {
    const response = await app(async (raw, text) => [await text(), raw.bodyUsed]).request(
      signedRequest({ body: 'plain words', headers: [['content-type', 'text/plain']] }),
    );
    expect(await response.json()).toEqual({ seen: ['plain words', true], by: 'client-1' });
  });

  it('a GET request is handed on without a body', async () => {
    const response = await app(async (raw) => raw.body).request(signedRequest({ method: 'GET' }));
    expect(await response.json()).toEqual({ seen: null, by: 'client-1' });
  });
});
