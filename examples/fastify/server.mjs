// A Fastify API that accepts only Signwire-signed requests under /api.
import { createVerifier } from '@signwire/server';
import { signwirePlugin } from '@signwire/server/fastify';
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 3000);
const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET } },
  publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, // the origin clients sign
});

const app = Fastify();
app.get('/health', async () => ({ ok: true })); // outside the signed scope
await app.register(
  async (api) => {
    await api.register(signwirePlugin, { verifier }); // applies to the routes of this scope
    api.post('/orders', async (request, reply) => reply.code(201).send({ by: request.signwire?.keyId, order: request.body }));
  },
  { prefix: '/api' },
);

await app.listen({ port, host: 'localhost' });
console.log(`listening on http://localhost:${port}`);
