// docs/adapters/fastify.md — Fastify 5, complete.
import { createVerifier } from '@signwire/server';
import { signwirePlugin } from '@signwire/server/fastify';
import Fastify from 'fastify';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET ?? '' } },
  publicOrigin: 'https://api.example.com',
});

const app = Fastify({ logger: true });
app.get('/healthz', async () => 'ok'); // outside the signed scope

await app.register(
  async (api) => {
    await api.register(signwirePlugin, { verifier, cors: { origins: ['https://app.example.com'] } });
    // Receive bodies of any other content type as a Buffer of the verified bytes.
    api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    api.post('/orders', async (request, reply) => {
      // request.body was parsed by Fastify from exactly the verified bytes.
      return reply.code(201).send({ by: request.signwire?.keyId, order: request.body });
    });
  },
  { prefix: '/api' },
);

await app.listen({ port: 3000 });
