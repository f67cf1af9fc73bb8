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
  const map = JSON.parse(sourceMapText);
  const lines = new TextDecoder().decode(code).split('\n');
  const totals = new Map();
  let source = 0;
  map.mappings.split(';').forEach((segments, lineIndex) => {
    const lineLength = (lines[lineIndex] ?? '').length;
    let column = 0;
    let owner = '(unmapped)';
    for (const segment of segments === '' ? [] : segments.split(',')) {
      const [columnDelta, sourceDelta] = decodeVlq(segment);
      add(totals, owner, columnDelta);
      column += columnDelta;
      if (sourceDelta === undefined) owner = '(unmapped)';
      else {
        source += sourceDelta;
        owner = packagePath(map.sources[source]);
      }
    }
    add(totals, owner, lineLength - column + (lineIndex < lines.length - 1 ? 1 : 0));
  });
  return sorted(totals);
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
