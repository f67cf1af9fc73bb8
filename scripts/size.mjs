// `pnpm size [--no-build]`: the client bundle users get, and a "bleed" check (jose tools/bundle-report.js
// style). Builds and packs the packages, installs the tarballs with npm into a scratch project outside the
// repository, and bundles from there with esbuild (minify, platform browser, format esm: the figure of
// record), Vite 7 and webpack 5 (production builds): createSigner + createSignedFetch, createSigner alone,
// and createSigner + nobleHashes. Prints where the bytes come from and ends with exactly
// `client: <N> B min, <M> B gzip` (esbuild, createSigner + createSignedFetch; bench/run.mjs reports the
// same measurement). Exits non-zero when a bundle contains node: imports, Buffer or process, when
// @noble/hashes is in a bundle that does not import nobleHashes, when a bundle of isSignwireError alone
// carries any other module's top-level code (a side effect that defeats tree-shaking of the flat dist
// file), or when the figure grows past the regression ceiling; reports the target as met or not.
//   --no-build  pack the dist folders as they are (for a second look right after `pnpm build`)
import { ENTRIES, measureClientBundle, TARGET_GZIP_BYTES } from './bundle-size/measure.mjs';

// Regression ceiling for the figure of record, gzip bytes: 9,670 B measured (messages that name the
// mistake and a clock in the wrong unit, canonical JSON by canonicalize, content-encoding coverage,
// the signer's checks in the pinned order of spec §8 D7, the signed fetch's one retry for a refused
// key; the rules of extra components only with `extraComponents`, credentials only with
// `@signwire/client/credentials`, stream bodies only with `streamBodies`), plus about 1%.
// Lower it whenever the bundle shrinks; never raise it to make a change pass.
const CEILING_GZIP_BYTES = 9_770;

const report = await measureClientBundle({ build: !process.argv.includes('--no-build') });
const { figures } = report;
const bundlers = Object.keys(figures);
const LABELS = { full: 'createSigner + createSignedFetch', signer: 'createSigner', noble: 'createSigner + nobleHashes' };

console.log('Client bundles from the packed tarballs (minified B / gzip B, gzip level 9):');
console.log(`  ${''.padEnd(34)}${bundlers.map((b) => b.padStart(16)).join('')}`);
for (const entry of Object.keys(ENTRIES)) {
  const cells = bundlers.map((b) => `${figures[b][entry].min} / ${figures[b][entry].gzip}`.padStart(16));
  console.log(`  ${LABELS[entry].padEnd(34)}${cells.join('')}`);
}
console.log('By package (esbuild, createSigner + createSignedFetch, minified bytes):');
for (const { name, bytes } of report.packages) console.log(`  ${String(bytes).padStart(6)}  ${name}`);
console.log('By source file, through the dist source maps: minified bytes, and the gzip bytes the file adds');
console.log('(the bundle gzipped without its characters; compression shares context, so these add up to more):');
const gzipShare = new Map(report.gzipShares.map(({ name, bytes }) => [name, bytes]));
for (const { name, bytes } of report.sourceFiles) {
  console.log(`  ${String(bytes).padStart(6)} ${String(gzipShare.get(name) ?? 0).padStart(6)}  ${name}`);
}

const errors = report.leaks.map((what) => `the client bundle contains ${what}`);
for (const file of report.strays) {
  errors.push(`a bundle of isSignwireError alone carries code of ${file}: top-level code that is not marked pure`);
}
for (const bundler of bundlers) {
  for (const entry of ['full', 'signer']) {
    if (figures[bundler][entry].noble) errors.push(`${bundler}'s bundle of ${LABELS[entry]} contains @noble/hashes`);
  }
  // The check above must be able to fail: the entry that imports nobleHashes has to show it.
  if (!figures[bundler].noble.noble) errors.push(`${bundler}'s bundle of ${LABELS.noble} shows no @noble/hashes module`);
}
const { min, gzip } = figures.esbuild.full;
if (gzip > CEILING_GZIP_BYTES) errors.push(`the client bundle grew to ${gzip} B gzip, over the ${CEILING_GZIP_BYTES} B regression ceiling`);
for (const message of errors) console.error(`error: ${message}`);
const target = gzip <= TARGET_GZIP_BYTES ? 'met' : `NOT MET (${gzip - TARGET_GZIP_BYTES} B over)`;
console.log(`target ${TARGET_GZIP_BYTES} B gzip (esbuild, ${LABELS.full}): ${target}`);
console.log(`client: ${min} B min, ${gzip} B gzip`);
if (errors.length > 0) process.exitCode = 1;
