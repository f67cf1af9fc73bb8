/**
 * The request bodies of curl's data flags: `-d` (`@file` without line breaks), `--data-binary` (`@file`
 * byte for byte), `--data-raw` (no `@`), and `--json` in RFC 8785 form.
 */
import { canonicalJson, isSignwireError } from '@signwire/core';
import { utf8 } from '@signwire/core/internal';
import { UsageError } from './exit-codes.js';
import type { CommandIo } from './io.js';

/** One `-d` / `--data-binary` / `--data-raw` value, in command-line order. */
export interface DataFlag {
  /** Which flag gave it. */
  readonly flag: 'data' | 'data-binary' | 'data-raw';
  /** Its value. */
  readonly value: string;
}

/**
 * The body from `-d` / `--data-binary` / `--data-raw`, as curl builds it.
 *
 * @param data - the data flags in command-line order.
 * @param io - for `@file` and `@-`.
 * @returns the bytes, the pieces joined with `&`.
 * @throws UsageError for an unreadable file.
 */
export async function dataBody(data: readonly DataFlag[], io: CommandIo): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for (const { flag, value } of data) {
    if (flag === 'data-raw' || !value.startsWith('@')) pieces.push(utf8(value));
    else if (flag === 'data-binary') pieces.push(await readSource(value.slice(1), io, `--data-binary ${value}`));
    else pieces.push(withoutLineBreaks(await readSource(value.slice(1), io, `-d ${value}`))); // curl strips CR and LF from -d @file
  }
  return joinWithAmpersands(pieces);
}

/**
 * The body from `--json`: parsed, then serialized in RFC 8785 form.
 *
 * @param text - the flag's value (`@file`, `@-` or JSON).
 * @param io - for `@file` and `@-`.
 * @returns the bytes and whether they differ from the text given.
 * @throws UsageError for invalid JSON, or a value RFC 8785 cannot represent.
 */
export async function jsonBody(text: string, io: CommandIo): Promise<{ bytes: Uint8Array; rewritten: boolean }> {
  const source = text.startsWith('@') ? new TextDecoder().decode(await readSource(text.slice(1), io, `--json ${text}`)) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message))?.[1];
    throw new UsageError(`--json is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
  }
  try {
    const canonical = canonicalJson(value);
    return { bytes: utf8(canonical), rewritten: canonical !== source };
  } catch (error) {
    if (isSignwireError(error)) throw new UsageError(`--json cannot be sent as RFC 8785 JSON: ${error.message} (${error.code})`);
    throw error;
  }
}

/** Reads `@-` (standard input) or `@path`. */
async function readSource(path: string, io: CommandIo, what: string): Promise<Uint8Array> {
  if (path === '-') return io.readStdin();
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function withoutLineBreaks(bytes: Uint8Array): Uint8Array {
  return bytes.filter((byte) => byte !== 0x0a && byte !== 0x0d);
}

function joinWithAmpersands(pieces: readonly Uint8Array[]): Uint8Array {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0) + pieces.length - 1;
  const out = new Uint8Array(length);
  let at = 0;
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) out[at++] = 0x26; // '&', as curl joins several -d values
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** A parseArgs token, as far as {@link dataFlags} reads it. */
export interface FlagToken {
  /** `option`, `positional` or `option-terminator`. */
  readonly kind: string;
  /** The option's long name. */
  readonly name?: string | undefined;
  /** The option's value. */
  readonly value?: string | undefined;
}

/**
 * The `-d` / `--data-binary` / `--data-raw` values in command-line order (curl joins them in order).
 *
 * @param tokens - parseArgs' tokens.
 * @returns the data flags.
 */
export function dataFlags(tokens: readonly FlagToken[]): DataFlag[] {
  const flags: DataFlag[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'data' || token.name === 'data-binary' || token.name === 'data-raw')
      flags.push({ flag: token.name, value: token.value });
  }
  return flags;
}
