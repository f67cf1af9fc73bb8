// node bench/cli-startup.mjs [rounds]: how long `signwire` takes to start and finish a command, as a
// ratio to a bare `node -e ""` measured in the same rounds (fastest of N each: startup is a floor, and
// this machine is shared). Needs `pnpm build`. Commands: --version (no package loaded), sign (client,
// server's node hashes), verify (core only; a vector's JSON request).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 30);
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const vectors = JSON.parse(readFileSync(new URL('../test-vectors/vectors/verify.json', import.meta.url), 'utf8'));
const request = join(tmpdir(), 'signwire-cli-startup.json');
writeFileSync(request, JSON.stringify(vectors.groups[0].cases[0]));
const [keyId, { base64 }] = Object.entries(vectors.groups[0].cases[0].keys)[0];
const env = { PATH: process.env.PATH, SIGNWIRE_KEY_ID: keyId, SIGNWIRE_SECRET: base64 };

const runs = {
  'node -e ""': ['-e', ''],
  'signwire --version': [BIN, '--version'],
  'signwire sign URL': [BIN, 'sign', 'https://api.example.com/v1/orders'],
  'signwire verify (JSON)': [BIN, 'verify', '--now', String(vectors.groups[0].cases[0].now), request],
};
const fastest = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, args] of Object.entries(runs)) {
    const started = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, args, { env, stdio: 'ignore' });
    } catch (error) {
      throw new Error(`${name} exited ${error.status} (is packages/cli built? pnpm build)`);
    }
    fastest[name] = Math.min(fastest[name] ?? Number.POSITIVE_INFINITY, Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const floor = fastest['node -e ""'];
for (const [name, ms] of Object.entries(fastest)) {
  console.log(`${name.padEnd(24)} ${ms.toFixed(0).padStart(4)} ms  ${(ms / floor).toFixed(2)}x bare node (fastest of ${rounds})`);
}
