// docs/proxies.md — where @authority comes from.
import { createVerifier } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import express from 'express';

const keys = { 'client-1': { base64: process.env.SIGNWIRE_SECRET! } };

/** Recommended: the public origin clients sign. Host may be rewritten by any proxy in between. */
export const behindAnyProxy = createVerifier({ keys, publicOrigin: 'https://api.example.com' });

/** Several public hosts, each behind a known proxy: X-Forwarded-Host / -Proto from listed peers only. */
export const trustedProxy = createVerifier({ keys, trustedProxies: ['10.0.0.1', '10.0.0.2'] });

/** Platforms that route by hostname (the Fetch URL is the host the client used). */
export const edge = createVerifier({ keys, trustHost: true });

/** Fetch servers pass the peer address for trustedProxies (the Node adapters fill it in). */
export async function fetchBehindProxy(request: Request, remoteAddress: string): Promise<Response> {
  const verified = await trustedProxy.verify(request, { remoteAddress });
  return Response.json({ by: verified.keyId });
}

/** The raw request target matters: a Fetch server that knows it passes it too. */
export async function withRawTarget(request: Request, rawTarget: string): Promise<string> {
  const verified = await behindAnyProxy.verify(request, { requestTarget: rawTarget });
  return verified.keyId;
}

/** A proxy that strips a path prefix (/api → /) changes @path: verify with the public path. */
const app = express();
app.use((req, _res, next) => {
  // Only if your proxy strips /api and you cannot turn that off: restore the path the client signed.
  if (req.headers['x-forwarded-prefix'] === '/api') req.url = `/api${req.url}`;
  next();
});
app.use(signwire(behindAnyProxy));
