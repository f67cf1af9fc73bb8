// The error contract (docs/spec.md §10, docs/errors.md): a configuration code (KEY_INVALID,
// CONFIGURATION_INVALID) is carried by a ConfigurationError and nothing else, so that
// `instanceof ConfigurationError` finds every misconfiguration and `instanceof VerificationError`
// never mistakes one for a refused request. Checked at every throw site in every package's source,
// and at the boundaries that turn other errors into Signwire errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  ERROR_CODES,
  importSecret,
  isConfigurationErrorCode,
  SignwireError,
  type SignwireErrorCode,
  signRequest,
  VerificationError,
  verifyRequestSignature,
} from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCES = [
  'packages/core/src',
  'packages/core/bin',
  'packages/client/src',
  'packages/server/src',
  'packages/cli/src',
  'packages/cli/inspector',
];
const CONFIGURATION_CODES: readonly string[] = ['KEY_INVALID', 'CONFIGURATION_INVALID'];

/** Which codes each class may be constructed with: the table the source is held to. */
function allowed(errorClass: string, code: string): boolean {
  return errorClass === 'ConfigurationError' ? CONFIGURATION_CODES.includes(code) : !CONFIGURATION_CODES.includes(code);
}

/**
 * The sites that construct an error from a code only known at run time, each checked by hand:
 * the code's class is chosen by `isConfigurationErrorCode`, or the error passed through is already
 * of the right class.
 */
const DYNAMIC_SITES: Readonly<Record<string, string>> = {
  'packages/core/src/errors.ts': 'signwireErrorFor picks ConfigurationError for a configuration code',
  'packages/core/src/verification-failure.ts': 'fail() takes a VerificationErrorCode; asVerificationError lets ConfigurationError through',
  'packages/server/src/key-ring.ts': 'a ConfigurationError whose code is KEY_INVALID or CONFIGURATION_INVALID',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

interface ThrowSite {
  readonly file: string;
  readonly errorClass: string;
  readonly code: string | undefined;
}

function throwSites(): ThrowSite[] {
  return SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((path) => {
    const file = relative(ROOT, path);
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/new\s+(SignwireError|VerificationError|ConfigurationError)\s*\(\s*([^,)]*)/g)].map((match) => ({
      file,
      errorClass: match[1] as string,
      code: /^'([A-Z_]+)'$/.exec((match[2] as string).trim())?.[1],
    }));
  });
}

describe('every throw site respects the class-to-code table', () => {
  const sites = throwSites();

  it('finds the throw sites of every package (the scan reads the sources)', () => {
    expect(sites.length).toBeGreaterThan(150);
    for (const dir of ['packages/core/src', 'packages/client/src', 'packages/server/src']) {
      expect(sites.some((site) => site.file.startsWith(dir))).toBe(true);
    }
  });

  it('constructs a configuration code only as a ConfigurationError, and ConfigurationError with nothing else', () => {
    const wrong = sites
      .filter((site) => site.code !== undefined && !allowed(site.errorClass, site.code))
      .map((site) => `${site.file}: new ${site.errorClass}('${site.code}')`);
    expect(wrong).toEqual([]);
  });

  it('names only known codes', () => {
    const unknown = sites.filter((site) => site.code !== undefined && !Object.hasOwn(ERROR_CODES, site.code));
    expect(unknown).toEqual([]);
  });

  it('constructs from a run-time code only at the sites checked by hand', () => {
    const dynamic = [...new Set(sites.filter((site) => site.code === undefined).map((site) => site.file))].sort();
    expect(dynamic).toEqual(Object.keys(DYNAMIC_SITES).sort());
  });
});

describe('the boundaries keep the class of a configuration error', () => {
  const key = importSecret({ base64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });

  function caught(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  }

  it('verifyRequestSignature refuses input that is not an object with a ConfigurationError', () => {
    const error = caught(() => verifyRequestSignature(null as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ code: 'CONFIGURATION_INVALID', status: 500 });
  });

  it('a key ring entry with an invalid secret is a ConfigurationError KEY_INVALID, not a refused request', () => {
    const signed = signRequest({
      request: { method: 'GET', url: 'https://api.example.com/v1/items', headers: [] },
      key,
      keyId: 'k1',
      created: 1_700_000_000,
      nonce: 'AAECAwQFBgcICQoLDA0ODw',
    });
    const error = caught(() =>
      verifyRequestSignature({
        request: { method: 'GET', url: signed.url, headers: Object.entries(signed.headers as Record<string, string>) },
        now: 1_700_000_000,
        lookupKey: () => ({ key: 'not a key' as never }),
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'KEY_INVALID' });
  });

  it('a foreign error at a signer boundary becomes a ConfigurationError', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new TypeError('hostile getter');
        },
      },
    );
    const error = caught(() => signRequest(hostile as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });

  it('a refused request stays a plain SignwireError or a VerificationError', () => {
    const error = caught(() =>
      signRequest({
        request: { method: 'G E T', url: 'https://a.example/', headers: [] },
        key,
        keyId: 'k1',
        created: 1,
        nonce: 'AAECAwQFBgcICQoLDA0ODw',
      }),
    );
    expect(error).toBeInstanceOf(SignwireError);
    expect(error).not.toBeInstanceOf(ConfigurationError);
    expect((error as SignwireError).code).toBe('METHOD_INVALID');
  });

  it('isConfigurationErrorCode names exactly the two configuration codes', () => {
    const codes: SignwireErrorCode[] = ['KEY_INVALID', 'CONFIGURATION_INVALID', 'KEY_UNKNOWN', 'SIGNATURE_INVALID', 'BODY_TIMEOUT'];
    expect(codes.filter(isConfigurationErrorCode)).toEqual(['KEY_INVALID', 'CONFIGURATION_INVALID']);
  });
});
