// Where a bundle's bytes come from: per package and dist file (esbuild's metafile), and per source
// file (the bundle's source map, which esbuild chains through each package's dist source map back to
// the `src/` files shipped in the tarball).

/**
 * Minified bytes per installed file, as esbuild's metafile counts them.
 * @param {import('esbuild').Metafile} metafile
 * @returns {{ name: string, bytes: number }[]} `package/path` entries, largest first, empty ones left out.
 */
export function bytesByDistFile(metafile) {
  const totals = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) add(totals, packagePath(path), bytesInOutput);
  }
  return sorted(totals);
}

/**
 * Minified bytes per package.
 * @param {{ name: string, bytes: number }[]} files - from {@link bytesByDistFile}.
 * @returns {{ name: string, bytes: number }[]} largest first.
 */
export function bytesByPackage(files) {
  const totals = new Map();
  for (const { name, bytes } of files) {
    const parts = name.split('/');
    add(totals, (name.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/'), bytes);
  }
  return sorted(totals);
}

/**
 * Characters of the generated code per original source file, read from the source map: each mapping
 * segment owns the generated text up to the next segment (minified code is ASCII apart from a few
 * characters in messages, so characters are bytes within a few).
 * @param {Uint8Array} code - the bundle.
 * @param {string} sourceMapText - its source map (version 3).
 * @returns {{ name: string, bytes: number }[]} largest first; `(unmapped)` for text no segment names.
 */
export function bytesBySourceFile(code, sourceMapText) {
  const totals = new Map();
  for (const { owner, start, end } of ownedRanges(code, sourceMapText)) add(totals, owner, end - start);
  return sorted(totals);
}

/**
 * What each source file adds to the gzip size: the bundle gzipped with and without that file's
 * characters (as {@link bytesBySourceFile} assigns them). Compression shares context between files,
 * so the shares add up to more than the whole.
 * @param {Uint8Array} code - the bundle.
 * @param {string} sourceMapText - its source map.
 * @param {(bytes: Uint8Array | string) => number} gzipSize - the gzip measure used for the bundle.
 * @returns {{ name: string, bytes: number }[]} largest first.
 */
export function gzipShareBySourceFile(code, sourceMapText, gzipSize) {
  const text = new TextDecoder().decode(code);
  const whole = gzipSize(text);
  const ranges = ownedRanges(code, sourceMapText);
  const totals = new Map();
  for (const owner of new Set(ranges.map((range) => range.owner))) {
    let rest = '';
    let from = 0;
    for (const range of ranges) {
      if (range.owner !== owner) continue;
      rest += text.slice(from, range.start);
      from = range.end;
    }
    totals.set(owner, whole - gzipSize(rest + text.slice(from)));
  }
  return sorted(totals);
}

/** The generated text as `{ owner, start, end }` ranges of the whole string, in order. */
function ownedRanges(code, sourceMapText) {
  const map = JSON.parse(sourceMapText);
  const lines = new TextDecoder().decode(code).split('\n');
  const ranges = [];
  let lineStart = 0;
  let source = 0;
  const segmentsByLine = map.mappings.split(';');
  lines.forEach((line, lineIndex) => {
    const segments = segmentsByLine[lineIndex] ?? '';
    let column = 0;
    let owner = '(unmapped)';
    for (const segment of segments === '' ? [] : segments.split(',')) {
      const [columnDelta, sourceDelta] = decodeVlq(segment);
      ranges.push({ owner, start: lineStart + column, end: lineStart + column + columnDelta });
      column += columnDelta;
      if (sourceDelta === undefined) owner = '(unmapped)';
      else {
        source += sourceDelta;
        owner = packagePath(map.sources[source]);
      }
    }
    const lineEnd = lineStart + line.length + (lineIndex < lines.length - 1 ? 1 : 0); // with its newline
    ranges.push({ owner, start: lineStart + column, end: lineEnd });
    lineStart = lineEnd;
  });
  return ranges.filter((range) => range.end > range.start);
}

/** `…/node_modules/@scope/name/rest` → `@scope/name/rest` (after the last node_modules); other paths as they are. */
function packagePath(path) {
  const match = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+\/.*)$/.exec(path);
  return match ? match[1] : path;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map segment: its base64 VLQ fields as numbers (column deltas first, then source, …). */
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function add(totals, name, bytes) {
  totals.set(name, (totals.get(name) ?? 0) + bytes);
}

function sorted(totals) {
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}
