#!/usr/bin/env node
// `pnpm test:toolchains`: the packed tarballs, installed with npm into scratch projects outside the
// repo, run through the tools users run: tsx (ESM and CommonJS projects), ts-node and Jest 30
// (CommonJS), Node's type stripping (Node 24), tsc's types (nodenext), and esbuild, Vite (Rollup) and
// webpack 5 browser bundles that sign a request in headless Chromium against a server that verifies it;
// and docs/getting-started.md, run as written (guide.mjs).
// Prints one line per check and exits 1 if any fails.
//
// Options: --no-build packs the existing dist/ (test:all builds first); --keep keeps the scratch folder;
// --only TEXT runs the checks whose name contains TEXT.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packAll, REPO } from '../release/pack-all.mjs';
import { exec } from '../runtimes/exec.mjs';
import { binary, installAll } from '../runtimes/install.mjs';
import { runGuide } from './guide.mjs';

/** The tools each scratch project installs, pinned so a run is reproducible; bump deliberately. */
const TOOLS = {
  esm: {
    tsx: '4.20.6',
    typescript: '5.9.3',
    '@types/node': '20.19.43',
    esbuild: '0.25.12',
    vite: '7.3.8',
    webpack: '5.103.0',
    'webpack-cli': '6.0.1',
  },
  cjs: { tsx: '4.20.6', typescript: '5.9.3', '@types/node': '20.19.43', 'ts-node': '10.9.2', jest: '30.2.0' },
};
const CHROMIUM = process.env.SIGNWIRE_CHROMIUM ?? '/usr/bin/chromium';
const fixtures = join(REPO, 'scripts/toolchains/fixtures');

const onlyFlag = process.argv.indexOf('--only');
const only = onlyFlag > 0 ? process.argv[onlyFlag + 1] : undefined;
const started = Date.now();
const scratch = mkdtempSync(join(tmpdir(), 'signwire-toolchains-'));
try {
  const [tarballs] = await Promise.all([
    packAll({ outDir: join(scratch, 'tarballs'), build: !process.argv.includes('--no-build') }),
    installAll(), // Node 24 for type stripping, from the runtimes cache
  ]);
  const [esm, cjs] = await Promise.all([
    project('esm', { type: 'module' }, tarballs),
    project('cjs', { type: 'commonjs' }, tarballs), // what `npm init` writes
  ]);
  const tsconfig = (module) => ({
    compilerOptions: { module, moduleResolution: module, target: 'es2022', strict: true, types: ['node'], noEmit: true },
    files: ['round-trip.ts'],
  });
  writeFileSync(join(esm, 'tsconfig.json'), JSON.stringify(tsconfig('nodenext')));
  writeFileSync(join(cjs, 'tsconfig.json'), JSON.stringify(tsconfig('node16')));

  const checks = [
    ['tsx, ESM project', () => run(esm, bin(esm, 'tsx'), ['round-trip.ts', 'tsx-esm'])],
    ['tsx, CommonJS project', () => run(cjs, bin(cjs, 'tsx'), ['round-trip.ts', 'tsx-cjs'])],
    ['ts-node, CommonJS project', () => run(cjs, bin(cjs, 'ts-node'), ['round-trip.ts', 'ts-node'])],
    ['Node 24 type stripping, ESM project', () => run(esm, binary('node24'), ['round-trip.ts', 'node24-strip-types'])],
    ['Jest 30, CommonJS project', () => run(cjs, bin(cjs, 'jest'), ['--ci', 'round-trip.test.js'])],
    ['tsc types, ESM project (nodenext)', () => run(esm, bin(esm, 'tsc'), ['-p', '.'])],
    ['tsc types, CommonJS project (node16)', () => run(cjs, bin(cjs, 'tsc'), ['-p', '.'])],
    ['esbuild browser bundle in Chromium', () => browser(esm, 'esbuild')],
    ['Vite (Rollup) browser bundle in Chromium', () => browser(esm, 'vite')],
    ['webpack 5 browser bundle in Chromium', () => browser(esm, 'webpack')],
    [
      'docs/getting-started.md as written (Express, Node client, Vite page on another origin)',
      () => runGuide({ scratch, tarballs, chromium: CHROMIUM }),
    ],
  ].filter(([name]) => only === undefined || name.includes(only));
  let failed = 0;
  for (const [name, check] of checks) {
    const t = Date.now();
    const error = await check().then(
      () => undefined,
      (e) => String(e?.message ?? e),
    );
    if (error) failed++;
    console.log(`${error ? 'FAIL' : 'ok  '} ${name} (${Date.now() - t} ms)${error ? `\n     ${error.replaceAll('\n', '\n     ')}` : ''}`);
  }
  console.log(`\ntest:toolchains: ${checks.length - failed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
  if (failed) process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log(`scratch projects kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

/** A scratch project with the tarballs and its tools installed, and the fixtures copied in. */
async function project(kind, fields, tarballs) {
  const dir = join(scratch, kind);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `signwire-${kind}-user`, private: true, ...fields }, null, 2));
  cpSync(fixtures, dir, { recursive: true });
  const specs = [...Object.values(tarballs), ...Object.entries(TOOLS[kind]).map(([name, version]) => `${name}@${version}`)];
  await run(dir, 'npm', ['install', '--no-audit', '--no-fund', ...specs], 600_000);
  return dir;
}

function bin(dir, name) {
  return join(dir, 'node_modules/.bin', name);
}

async function run(cwd, command, args, timeoutMs = 120_000) {
  const { code, stdout, stderr } = await exec(command, args, { cwd, timeoutMs, env: { NODE_ENV: 'test', NO_COLOR: '1' } });
  if (code !== 0)
    throw new Error(`${command.replace(`${cwd}/`, '')} ${args.join(' ')} exited ${code}:\n${(stderr || stdout).trim().slice(-3000)}`);
  return stdout;
}

/** Bundles fixtures/browser.js with `bundler`, serves it with a verifying server, loads it in Chromium. */
async function browser(dir, bundler) {
  const out = join(dir, `out-${bundler}`);
  if (bundler === 'esbuild') {
    await run(dir, bin(dir, 'esbuild'), [
      'browser.js',
      '--bundle',
      '--minify',
      '--platform=browser',
      '--format=esm',
      `--outfile=${out}/bundle.js`,
    ]);
  } else if (bundler === 'vite') {
    await run(dir, bin(dir, 'vite'), ['build', '--outDir', out, '--logLevel', 'warn'], 180_000);
  } else {
    writeFileSync(
      join(dir, 'webpack.config.cjs'),
      `module.exports = { mode: 'production', entry: './browser.js', output: { path: ${JSON.stringify(out)}, filename: 'bundle.js' } };`,
    );
    await run(dir, bin(dir, 'webpack'), ['--config', 'webpack.config.cjs'], 180_000);
  }
  const script = bundler === 'vite' ? viteScript(out) : 'bundle.js';
  const page = `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/${script}"></script>`;
  const { createVerifier } = await import(pathToFileURL(join(dir, 'node_modules/@signwire/server/dist/index.js')).href);
  const { sendRejection, verifyIncomingMessage } = await import(
    pathToFileURL(join(dir, 'node_modules/@signwire/server/dist/adapters/node.js')).href
  );
  const server = http.createServer();
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const verifier = createVerifier({
    keys: { 'client-1': { base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } },
    publicOrigin: origin,
  });
  server.on('request', async (req, res) => {
    if (req.method === 'GET') {
      const body = req.url === '/' ? page : readStatic(out, req.url);
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': req.url === '/' ? 'text/html' : 'text/javascript' });
      return res.end(body ?? '');
    }
    try {
      const verified = await verifyIncomingMessage(verifier, req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ by: verified.keyId, order: verified.json }));
    } catch (error) {
      if (!sendRejection(verifier, res, error)) res.writeHead(500).end();
    }
  });
  const { chromium } = await import('playwright-core');
  const chrome = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const tab = await chrome.newPage();
    await tab.goto(origin);
    await tab.waitForFunction(() => document.title !== 'loading', undefined, { timeout: 20_000 });
    const title = await tab.title();
    if (title !== 'verdict 200 {"by":"client-1","order":{"item":"book","qty":2}}') throw new Error(`${bundler}: the page says ${title}`);
  } finally {
    await chrome.close();
    server.close();
  }
}

function viteScript(out) {
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  return /src="\/(assets\/[^"]+\.js)"/.exec(html)[1];
}

function readStatic(out, url) {
  const path = join(out, url);
  if (!path.startsWith(out)) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
