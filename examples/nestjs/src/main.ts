// Starts the API: `node --experimental-strip-types` cannot run decorators, so build it with tsc
// (experimentalDecorators) or run it with your usual Nest tooling.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createVerifier } from '@signwire/server';
import { AppModule } from './app.module.js';

const port = Number(process.env.PORT ?? 3000);
const verifier = createVerifier({
  keys: { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } },
  publicOrigin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, // the origin clients sign
});

// bodyParser: false: the Signwire middleware reads the body itself and hands on req.body.
const app = await NestFactory.create(AppModule.withVerifier(verifier), { bodyParser: false });
await app.listen(port);
console.log(`listening on http://localhost:${port}`);
