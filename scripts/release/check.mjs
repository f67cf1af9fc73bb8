#!/usr/bin/env node
// `pnpm release:check`: what `pnpm changeset publish` would upload, checked before it is. Builds and
// packs every package, lints the tarballs (publint --strict, @arethetypeswrong/cli), checks each
// package's metadata and contents, installs the tarballs with npm into a scratch project outside the
// repo, imports every export from ESM and require()s it from CommonJS, signs and verifies a request
// through the installed packages, and runs the installed `signwire` executable (its signature verified
// by the installed server). Prints each tarball's size; exits 1 on any finding.
//
// Options: --no-build packs the existing dist/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../runtimes/exec.mjs';
import { installAll } from '../runtimes/install.mjs';
import { lintTarballs } from '../runtimes/pack-lint.mjs';
import { PACKAGES, packAll } from './pack-all.mjs';

/** Fields a published package must have, and what each must hold. */
const REQUIRED_FIELDS = {
  description: (v) => typeof v === 'string' && v.length > 20,
  license: (v) => v === 'Apache-2.0',
  repository: (v, name) => v?.type === 'git' && typeof v.url === 'string' && v.directory === `packages/${name}`,
  keywords: (v) => Array.isArray(v) && v.length > 0,
  engines: (v) => typeof v?.node === 'string',
  publishConfig: (v) => v?.access === 'public',
  // A package of modules declares them free of side effects (tree-shaking). An executable-only package
  // (`bin`, nothing to import: @signwire/cli) runs its module for its effects, so it declares nothing.
  sideEffects: (v, _name, manifest) => v === false || (v === undefined && manifest.bin !== undefined && executableOnly(manifest)),
  exports: (v) => typeof v === 'object' && v !== null,
};
/** Whether a package exports nothing to import (only its package.json). */
function executableOnly(manifest) {
  return Object.keys(manifest.exports ?? {}).every((subpath) => subpath === './package.json');
}

/** Files every tarball must contain. */
const REQUIRED_FILES = ['package/package.json', 'package/README.md', 'package/LICENSE', 'package/CHANGELOG.md'];

// Entries whose framework peer dependency is not installed may fail to load for that reason only.
const IMPORT_EVERY_ENTRY = `import { readFileSync } from 'node:fs';
const entries = JSON.parse(readFileSync('entries.json', 'utf8'));
for (const entry of entries) {
  const loaded = await import(entry);
  if (Object.keys(loaded).length === 0) throw new Error(entry + ' exports nothing');
}
console.log('import: ' + entries.length + ' entries load from ESM');
`;
const REQUIRE_EVERY_ENTRY = `const entries = require('./entries.json');
for (const entry of entries) {
  if (!require.resolve(entry).endsWith('.cjs')) throw new Error(entry + ' resolves to ' + require.resolve(entry) + ', not a CommonJS build');
  if (Object.keys(require(entry)).length === 0) throw new Error(entry + ' exports nothing');
}
console.log('require: ' + entries.length + ' entries load from CommonJS');
`;
const ROUND_TRIP = `import { createSigner } from '@signwire/client';
import { createVerifier } from '@signwire/server';
const secret = { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
const signer = createSigner({ keyId: 'k', secret });
const verifier = createVerifier({ keys: { k: secret }, publicOrigin: 'https://api.example.com' });
const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
const headers = await signer.sign(new Request('https://api.example.com/v1/x?y=1', init));
const verified = await verifier.verify(new Request('https://api.example.com/v1/x?y=1', { ...init, headers: { ...init.headers, ...headers } }));
if (verified.keyId !== 'k') throw new Error('round trip: ' + JSON.stringify(verified));
console.log('round trip: signed by @signwire/client, verified by @signwire/server');
`;
// The installed executable signs; the installed server verifies what it printed.
const CLI_ROUND_TRIP = `import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createVerifier } from '@signwire/server';
const secret = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const version = execFileSync('node_modules/.bin/signwire', ['--version'], { encoding: 'utf8' }).trim();
const expected = JSON.parse(readFileSync('node_modules/@signwire/cli/package.json', 'utf8')).version;
if (version !== expected) throw new Error('signwire --version printed ' + version + ', not ' + expected);
const url = 'https://api.example.com/v1/x?y=1';
const env = { ...process.env, SIGNWIRE_KEY_ID: 'k', SIGNWIRE_SECRET: secret };
const headers = JSON.parse(execFileSync('node_modules/.bin/signwire', ['sign', '--format', 'json', '--json', '{"a":1}', url], { env, encoding: 'utf8' }));
const verifier = createVerifier({ keys: { k: { base64: secret } }, publicOrigin: 'https://api.example.com' });
const body = '{"a":1}';
const verified = await verifier.verify(new Request(url, { method: 'POST', headers, body }));
if (verified.keyId !== 'k') throw new Error('cli round trip: ' + JSON.stringify(verified));
console.log('cli: signwire ' + version + ' signed, @signwire/server verified');
`;

const findings = [];
const scratch = mkdtempSync(join(tmpdir(), 'signwire-release-check-'));
try {
  const [tarballs, installErrors] = await Promise.all([
    packAll({ outDir: join(scratch, 'tarballs'), build: !process.argv.includes('--no-build') }),
    installAll(),
  ]);
  if (installErrors.tools) findings.push(`publint and attw could not be installed: ${installErrors.tools}`);

  const manifests = {};
  for (const name of PACKAGES) {
    const listing = await run(scratch, 'tar', ['-tzvf', tarballs[name]]);
    const files = listing
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    const paths = files.map((f) => f.at(-1));
    const unpacked = files.reduce((sum, f) => sum + Number(f[2]), 0);
    manifests[name] = JSON.parse(await run(scratch, 'tar', ['-xzOf', tarballs[name], 'package/package.json']));
    for (const [field, ok] of Object.entries(REQUIRED_FIELDS)) {
      if (!ok(manifests[name][field], name, manifests[name]))
        findings.push(`@signwire/${name}: package.json "${field}" is missing or wrong`);
    }
    for (const file of REQUIRED_FILES) if (!paths.includes(file)) findings.push(`@signwire/${name}: the tarball has no ${file.slice(8)}`);
    for (const target of Object.values(manifests[name].bin ?? {})) {
      const entry = files.find((f) => f.at(-1) === `package/${target.replace(/^\.\//, '')}`);
      if (entry === undefined) findings.push(`@signwire/${name}: the bin ${target} is not in the tarball`);
      else if (!entry[0].includes('x')) findings.push(`@signwire/${name}: the bin ${target} is not executable (${entry[0]})`);
    }
    for (const path of paths) {
      if (/\.test\.[cm]?[jt]s$/.test(path)) findings.push(`@signwire/${name}: the tarball contains a test file, ${path}`);
    }
    const depends = JSON.stringify(manifests[name].dependencies ?? {});
    if (depends.includes('workspace:')) findings.push(`@signwire/${name}: a workspace: range survived packing: ${depends}`);
    const packed = (await run(scratch, 'stat', ['-c', '%s', tarballs[name]])).trim();
    console.log(`@signwire/${name}@${manifests[name].version}: ${packed} B packed, ${unpacked} B unpacked, ${paths.length} files`);
  }

  if (!installErrors.tools) {
    for (const lint of await lintTarballs(Object.fromEntries(PACKAGES.map((n) => [n, tarballs[n]])))) {
      for (const f of lint.publint.findings) findings.push(`${lint.package} publint: ${f}`);
      if (!lint.publint.ok && lint.publint.findings.length === 0) findings.push(`${lint.package} publint failed`);
      for (const f of lint.attw.findings) findings.push(`${lint.package} attw: ${f}`);
    }
  }

  const consumer = join(scratch, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'signwire-release-check', private: true }, null, 2));
  // The client's integrations (/axios, /ky) import their library when loaded: install those optional
  // peers at the declared ranges, so each entry is loaded with the real library. The server adapters
  // import their frameworks as types only and load without them.
  const clientPeers = Object.entries(manifests.client.peerDependencies ?? {}).map(([name, range]) => `${name}@${range}`);
  await run(consumer, 'npm', ['install', '--no-audit', '--no-fund', ...PACKAGES.map((n) => tarballs[n]), ...clientPeers], 300_000);
  const entries = PACKAGES.flatMap((name) =>
    Object.keys(manifests[name].exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => `@signwire/${name}${subpath.slice(1)}`),
  );
  writeFileSync(join(consumer, 'entries.json'), JSON.stringify(entries));
  writeFileSync(join(consumer, 'import.mjs'), IMPORT_EVERY_ENTRY);
  writeFileSync(join(consumer, 'require.cjs'), REQUIRE_EVERY_ENTRY);
  writeFileSync(join(consumer, 'round-trip.mjs'), ROUND_TRIP);
  writeFileSync(join(consumer, 'cli-round-trip.mjs'), CLI_ROUND_TRIP);
  for (const script of ['import.mjs', 'require.cjs', 'round-trip.mjs', 'cli-round-trip.mjs']) {
    await run(consumer, process.execPath, [script]).then(
      (out) => console.log(out.trim()),
      (error) => findings.push(`${script}: ${error.message}`),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const f of findings) console.error(`FAIL ${f}`);
console.log(findings.length ? `release:check: ${findings.length} finding(s)` : 'release:check: ok');
if (findings.length) process.exitCode = 1;

async function run(cwd, command, args, timeoutMs = 120_000) {
  const { code, stdout, stderr } = await exec(command, args, { cwd, timeoutMs });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${(stderr || stdout).trim().slice(-2000)}`);
  return stdout;
}
