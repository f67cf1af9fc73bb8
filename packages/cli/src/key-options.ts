/**
 * The key id and the secret, from the environment, a file or a named variable. A secret on the
 * command line is visible to every user of the machine (`ps`, shell history), so it needs an
 * explicit flag and gets a warning.
 */
import { type HmacKey, importSecret, isSignwireError } from '@signwire/core';
import { KEY_ID_PATTERN } from '@signwire/core/internal';
import { UsageError } from './exit-codes.js';
import type { CommandIo } from './io.js';

/** The key flags every command that signs or verifies accepts. */
export interface KeyFlags {
  /** `--key-id`. */
  readonly 'key-id'?: string | undefined;
  /** `--secret-file PATH`: the secret's text in a file (surrounding whitespace ignored). */
  readonly 'secret-file'?: string | undefined;
  /** `--secret-env NAME`: the secret's text in the environment variable NAME. */
  readonly 'secret-env'?: string | undefined;
  /** `--insecure-secret TEXT`: the secret on the command line (warns). */
  readonly 'insecure-secret'?: string | undefined;
  /** `--secret-encoding`: base64 (default), base64url or hex. */
  readonly 'secret-encoding'?: string | undefined;
}

/** parseArgs declarations of {@link KeyFlags}. */
export const KEY_OPTIONS = {
  'key-id': { type: 'string' },
  'secret-file': { type: 'string' },
  'secret-env': { type: 'string' },
  'insecure-secret': { type: 'string' },
  'secret-encoding': { type: 'string' },
} as const;

/** The environment variable holding the key id. */
export const KEY_ID_ENV = 'SIGNWIRE_KEY_ID';
/** The environment variable holding the secret (in `--secret-encoding`, base64 by default). */
export const SECRET_ENV = 'SIGNWIRE_SECRET';

const ENCODINGS = ['base64', 'base64url', 'hex'] as const;
type Encoding = (typeof ENCODINGS)[number];

const SECRET_SOURCES_HINT = `set ${SECRET_ENV} (base64), or pass --secret-file PATH or --secret-env NAME`;

/**
 * The key id: `--key-id`, else `SIGNWIRE_KEY_ID`.
 *
 * @param flags - the parsed flags.
 * @param env - the environment.
 * @param required - whether a missing key id is a usage error (signing) or `undefined` (verifying).
 * @returns the key id, or `undefined` when it is not required and not given.
 * @throws UsageError when it is required and missing, or not a valid key id.
 */
export function resolveKeyId(flags: KeyFlags, env: CommandIo['env'], required: boolean): string | undefined {
  const keyId = flags['key-id'] ?? nonEmpty(env[KEY_ID_ENV]);
  if (keyId === undefined) {
    if (required) throw new UsageError(`no key id: pass --key-id ID or set ${KEY_ID_ENV}`);
    return undefined;
  }
  if (!KEY_ID_PATTERN.test(keyId)) {
    const from = flags['key-id'] === undefined ? KEY_ID_ENV : '--key-id';
    throw new UsageError(`${from} is not a valid key id: 1–128 characters of A–Z a–z 0–9 . _ ~ : / + = @ -`);
  }
  return keyId;
}

/**
 * The secret, imported as a key. Sources, at most one of them on the command line:
 * `--secret-file`, `--secret-env`, `--insecure-secret` (warns); else `SIGNWIRE_SECRET`.
 *
 * @param flags - the parsed flags.
 * @param io - the environment, file reader and stderr (for the warning).
 * @returns the key.
 * @throws UsageError when no source or several are given, a source is empty or unreadable, or the
 * secret is not a valid key (KEY_INVALID's message, which never contains the secret).
 */
export async function resolveSecret(flags: KeyFlags, io: CommandIo): Promise<HmacKey> {
  const encoding = secretEncoding(flags['secret-encoding']);
  const { text, from } = await secretText(flags, io);
  try {
    return importSecret({ [encoding]: text.trim() } as { base64: string });
  } catch (error) {
    if (isSignwireError(error)) throw new UsageError(`the secret from ${from}: ${error.message} (${error.code})`);
    throw error;
  }
}

async function secretText(flags: KeyFlags, io: CommandIo): Promise<{ text: string; from: string }> {
  const given = (['secret-file', 'secret-env', 'insecure-secret'] as const).filter((name) => flags[name] !== undefined);
  if (given.length > 1) throw new UsageError(`give the secret once: ${given.map((name) => `--${name}`).join(' and ')} were both given`);
  const file = flags['secret-file'];
  if (file !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read --secret-file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return { text: required(new TextDecoder().decode(bytes), `the file ${file} is empty`), from: `--secret-file ${file}` };
  }
  const name = flags['secret-env'];
  if (name !== undefined) {
    return { text: required(io.env[name], `the environment variable ${name} (--secret-env) is not set or empty`), from: name };
  }
  const inline = flags['insecure-secret'];
  if (inline !== undefined) {
    io.stderr.write(
      `signwire: warning: --insecure-secret puts the secret on the command line, where other users can read it (ps, shell history); ${SECRET_SOURCES_HINT}\n`,
    );
    return { text: required(inline, '--insecure-secret is empty'), from: '--insecure-secret' };
  }
  return { text: required(io.env[SECRET_ENV], `no secret: ${SECRET_SOURCES_HINT}`), from: SECRET_ENV };
}

function secretEncoding(value: string | undefined): Encoding {
  if (value === undefined) return 'base64';
  if ((ENCODINGS as readonly string[]).includes(value)) return value as Encoding;
  throw new UsageError(`--secret-encoding must be one of ${ENCODINGS.join(', ')}`);
}

function required(text: string | undefined, message: string): string {
  if (text === undefined || text.trim() === '') throw new UsageError(message);
  return text;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
