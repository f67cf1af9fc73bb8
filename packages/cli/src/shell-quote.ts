/**
 * POSIX shell quoting for the arguments `signwire sign --format curl` and the inspector print.
 */

/**
 * Quotes one argument for a POSIX shell: single quotes, with each `'` written as `'\''`.
 *
 * @param text - the argument.
 * @returns the quoted argument; plain words (letters, digits, `-_./:=@%+,`) stay unquoted.
 */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
