// Runs the example as a user would: `node server.mjs`, then `node client.mjs` against it.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, SIGNWIRE_SECRET: 'ZXhhbXBsZS1zZWNyZXQtMzItYnl0ZXMtbG9uZy0xMjM=' };
let server;

beforeAll(async () => {
  const probe = createServer().listen(0);
  await once(probe, 'listening');
  env.PORT = String(probe.address().port);
  env.API_URL = `http://localhost:${env.PORT}`;
  probe.close();
  server = spawn(process.execPath, ['server.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    if (out.includes('listening on')) break;
  }
});
afterAll(() => server?.kill());

it('accepts the request signed through ky and rejects the plain one', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['client.mjs'], { cwd: dir, env });
  expect(stdout).toContain('signed:   200 {"by":"client-1","body":"{\\"item\\":\\"book\\",\\"qty\\":2}"}');
  expect(stdout).toMatch(/unsigned: 401 .*"code":"SIGNATURE_MISSING"/);
});
