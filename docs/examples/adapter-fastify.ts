// docs/adapters/fastify.md — Fastify 5, complete.
import formbody from '@fastify/formbody';
import { createVerifier, readFormData } from '@signwire/server';
import { signwirePlugin } from '@signwire/server/fastify';
import Fastify, { type FastifyRequest } from 'fastify';

const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: 'https://api.example.com',
});

const app = Fastify({ logger: true });
app.get('/healthz', async () => 'ok'); // outside the signed scope

await app.register(
  async (api) => {
    await api.register(signwirePlugin, { verifier, cors: { origins: ['https://app.example.com'] } });
    // Urlencoded forms: request.body, parsed by @fastify/formbody from the verified bytes.
    await api.register(formbody);
    // Multipart forms (file uploads): FormData from the verified bytes; FORM_INVALID (400) if it does not parse.
    api.addContentTypeParser('multipart/form-data', async (request: FastifyRequest) => readFormData(request.signwire));
    // Receive bodies of any other content type as a Buffer of the verified bytes.
    api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    api.post('/orders', async (request, reply) => {
      // request.body was parsed by Fastify from exactly the verified bytes.
      return reply.code(201).send({ by: request.signwire?.keyId, order: request.body });
    });
    api.post('/uploads', async (request, reply) => {
      const form = request.body as FormData;
      const file = form.get('file');
      return reply.code(201).send({ title: form.get('title'), bytes: file instanceof File ? file.size : 0 });
    });
  },
  { prefix: '/api' },
);

await app.listen({ port: 3000 });
