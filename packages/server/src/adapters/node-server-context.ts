/**
 * The raw request target and peer address on `@hono/node-server`, which passes the Node request as
 * the `incoming` of its environment (`c.env` in Hono, the second argument of a Fetch handler).
 */
import type { VerifyContext } from '../verifier-types.js';

/**
 * The verify context of `@hono/node-server`'s environment.
 *
 * @param env - the environment: anything (a Worker's bindings, Deno's info, nothing).
 * @returns the raw target and peer address, or `{}` when `env` is not `@hono/node-server`'s.
 */
export function nodeServerContext(env: unknown): VerifyContext {
  if (env === null || typeof env !== 'object' || !('incoming' in env)) return {};
  const incoming = env.incoming as { url?: unknown; socket?: { remoteAddress?: string } } | null | undefined;
  if (incoming === null || typeof incoming !== 'object' || typeof incoming.url !== 'string') return {};
  return { requestTarget: incoming.url, remoteAddress: incoming.socket?.remoteAddress };
}
