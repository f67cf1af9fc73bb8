// The API report: every exported name of every entry of every package (its package.json `exports`),
// with its kind and signature, one readable Markdown file per entry under api/. Written with the
// TypeScript compiler API from the sources (the `@signwire/source` condition), so it needs no build.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every library entry of every package: the subpaths of its `exports` with their source files.
 * @param {string} repo
 * @returns {{ pkg: string, name: string, subpath: string, source: string | undefined, file: string }[]}
 */
export function listEntries(repo = REPO) {
  const entries = [];
  for (const dir of readdirSync(join(repo, 'packages')).sort()) {
    const manifest = JSON.parse(readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8'));
    const subpaths = Object.keys(manifest.exports ?? {}).filter((subpath) => subpath !== './package.json');
    if (subpaths.length === 0) {
      entries.push({ pkg: dir, name: manifest.name, subpath: '', source: undefined, file: `${dir}.api.md` });
    }
    for (const subpath of subpaths) {
      const source = manifest.exports[subpath]['@signwire/source'];
      const suffix = subpath === '.' ? '' : `-${subpath.slice(2).replaceAll('/', '-')}`;
      entries.push({
        pkg: dir,
        name: manifest.name + subpath.slice(1),
        subpath,
        source: join('packages', dir, source),
        file: `${dir}${suffix}.api.md`,
      });
    }
  }
  return entries;
}

/** One line of source text: comments dropped, white space folded. */
function oneLine(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/;\s*$/, '')
    .trim();
}

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/** The package folder a declaration lives in (`core`, `client`, …), or undefined outside packages/. */
function packageOf(repo, fileName) {
  const parts = relative(repo, fileName).split(sep);
  return parts[0] === 'packages' ? parts[1] : undefined;
}

/**
 * Renders the report of each entry.
 * @param {{ pkg: string, name: string, source: string | undefined, file: string }[]} entries
 * @param {string} repo
 * @returns {Map<string, string>} file name → report text
 */
export function renderReports(entries, repo = REPO) {
  const roots = entries.filter((e) => e.source !== undefined).map((e) => join(repo, e.source));
  const program = ts.createProgram(roots, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['@signwire/source'],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(repo, 'node_modules/@types')],
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const reports = new Map();
  for (const entry of entries) {
    reports.set(entry.file, entry.source === undefined ? renderEmpty(entry) : renderEntry(entry, program, checker, repo));
  }
  return reports;
}

function renderEmpty(entry) {
  return `# ${entry.name}\n\nNo library entry: the package exports only its package.json (it ships an executable).\n`;
}

function renderEntry(entry, program, checker, repo) {
  const sourceFile = program.getSourceFile(join(repo, entry.source));
  if (sourceFile === undefined) throw new Error(`${entry.source}: not found`);
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const exported = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
  const lines = [
    `# ${entry.name}`,
    '',
    `${exported.length} exported names, from \`${entry.source.split(sep).join('/')}\`. Written by \`pnpm api:update\`; \`pnpm api:check\` fails on any difference.`,
    '',
  ];
  for (const symbol of [...exported].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(...renderSymbol(symbol, entry, checker, repo), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderSymbol(exportedSymbol, entry, checker, repo) {
  const name = exportedSymbol.name;
  const symbol = exportedSymbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exportedSymbol) : exportedSymbol;
  const declarations = symbol.declarations ?? [];
  const home = declarations.length > 0 ? packageOf(repo, declarations[0].getSourceFile().fileName) : undefined;
  const kinds = kindsOf(symbol);
  if (home !== undefined && home !== entry.pkg) return [`## ${name}`, '', `${kinds.join(', ')}, re-exported from @signwire/${home}`];
  const out = [`## ${name}`, ''];
  if (symbol.flags & ts.SymbolFlags.Class) out.push(...renderClass(symbol, checker));
  else if (symbol.flags & ts.SymbolFlags.Function) out.push(...renderFunction(name, symbol, checker));
  else if (symbol.flags & ts.SymbolFlags.Variable) {
    out.push('```ts', `const ${name}: ${checker.typeToString(checker.getTypeOfSymbol(symbol), undefined, FORMAT)}`, '```');
  }
  if (symbol.flags & ts.SymbolFlags.Interface) out.push(...renderInterface(name, symbol));
  if (symbol.flags & ts.SymbolFlags.TypeAlias) {
    const alias = declarations.find(ts.isTypeAliasDeclaration);
    out.push('```ts', `type ${name}${typeParameters(alias)} = ${oneLine(alias.type.getText())}`, '```');
  }
  if (out.length === 2) out.push(kinds.join(', '));
  return out;
}

function kindsOf(symbol) {
  const kinds = [];
  if (symbol.flags & ts.SymbolFlags.Class) kinds.push('class');
  else if (symbol.flags & ts.SymbolFlags.Function) kinds.push('function');
  else if (symbol.flags & ts.SymbolFlags.Variable) kinds.push('const');
  if (symbol.flags & ts.SymbolFlags.Interface) kinds.push('interface');
  if (symbol.flags & ts.SymbolFlags.TypeAlias) kinds.push('type');
  return kinds.length > 0 ? kinds : ['other'];
}

function typeParameters(declaration) {
  const params = declaration?.typeParameters;
  return params === undefined ? '' : `<${params.map((p) => oneLine(p.getText())).join(', ')}>`;
}

function renderFunction(name, symbol, checker) {
  const signatures = checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call);
  return ['```ts', ...signatures.map((s) => `function ${name}${checker.signatureToString(s, undefined, FORMAT)}`), '```'];
}

function memberLines(members) {
  return members
    .filter((m) => !ts.isPropertyDeclaration(m) || !ts.isPrivateIdentifier(m.name))
    .filter((m) => !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)))
    .filter((m) => !ts.isClassStaticBlockDeclaration(m) && !ts.isSemicolonClassElement(m))
    .map((m) => {
      if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessor(m)) && m.body !== undefined) {
        return `  ${oneLine(m.getText().slice(0, m.body.getStart() - m.getStart()))}`;
      }
      return `  ${oneLine(m.getText())}`;
    });
}

function renderInterface(name, symbol) {
  const out = ['```ts'];
  for (const declaration of (symbol.declarations ?? []).filter(ts.isInterfaceDeclaration)) {
    const heritage = (declaration.heritageClauses ?? []).map((h) => ` ${oneLine(h.getText())}`).join('');
    out.push(`interface ${name}${typeParameters(declaration)}${heritage} {`, ...memberLines(declaration.members), '}');
  }
  out.push('```');
  return out;
}

function renderClass(symbol) {
  const declaration = (symbol.declarations ?? []).find(ts.isClassDeclaration);
  const heritage = (declaration.heritageClauses ?? []).map((h) => ` ${oneLine(h.getText())}`).join('');
  // Overloads are the public signatures; an implementation that has them is not.
  const members = declaration.members.filter(
    (m, i, all) =>
      !(
        (ts.isConstructorDeclaration(m) || ts.isMethodDeclaration(m)) &&
        m.body !== undefined &&
        i > 0 &&
        all[i - 1].kind === m.kind &&
        all[i - 1].body === undefined
      ),
  );
  return ['```ts', `class ${symbol.name}${typeParameters(declaration)}${heritage} {`, ...memberLines(members), '}', '```'];
}

/**
 * Compares the reports with what is on disk.
 * @param {Map<string, string>} reports
 * @param {Map<string, string>} onDisk - file name → text of every *.api.md under api/
 * @returns {{ file: string, added: string[], removed: string[] }[]} the differences, none when equal
 */
export function compareReports(reports, onDisk) {
  const differences = [];
  for (const file of new Set([...reports.keys(), ...onDisk.keys()])) {
    const want = reports.get(file);
    const have = onDisk.get(file);
    if (want === have) continue;
    const wantLines = want === undefined ? [] : want.split('\n');
    const haveLines = have === undefined ? [] : have.split('\n');
    differences.push({
      file,
      added: wantLines.filter((line) => !haveLines.includes(line)),
      removed: haveLines.filter((line) => !wantLines.includes(line)),
    });
  }
  return differences.sort((a, b) => a.file.localeCompare(b.file));
}
