// `pnpm size [--no-build]`: the client bundle users get, and a "bleed" check (jose tools/bundle-report.js
// style). Builds and packs the packages, installs the tarballs with npm into a scratch project outside the
// repository, and bundles from there with esbuild (minify, platform browser, format esm: the figure of
// record), Vite 7 and webpack 5 (production builds): createSigner + createSignedFetch, createSigner alone,
// and createSigner + nobleHashes. Prints where the bytes come from and ends with exactly
// `client: <N> B min, <M> B gzip` (esbuild, createSigner + createSignedFetch; bench/run.mjs reports the
// same measurement). Exits non-zero when a bundle contains node: imports, Buffer or process, when
// @noble/hashes is in a bundle that does not import nobleHashes, or when the figure grows past the
// regression ceiling; reports the target as met or not.
//   --no-build  pack the dist folders as they are (for a second look right after `pnpm build`)
import { ENTRIES, measureClientBundle, TARGET_GZIP_BYTES } from './bundle-size/measure.mjs';

// Regression ceiling for the figure of record, gzip bytes: the last measured figure plus about 1%.
// Lower it whenever the bundle shrinks; never raise it to make a change pass.
const CEILING_GZIP_BYTES = 10_100;

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
const list = (title, shares, count = Number.POSITIVE_INFINITY) => {
  console.log(title);
  for (const { name, bytes } of shares.slice(0, count)) console.log(`  ${String(bytes).padStart(6)}  ${name}`);
};
list('By package (esbuild, createSigner + createSignedFetch, minified bytes):', report.packages);
list('By source file (the same bundle through the dist source maps, minified bytes):', report.sourceFiles, 16);

const errors = report.leaks.map((what) => `the client bundle contains ${what}`);
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
