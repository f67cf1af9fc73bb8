/**
 * Content-coded request bodies (docs/spec.md §6, docs/server.md "Compressed bodies"): the verifier
 * checks the bytes as sent and never decodes them, so a body the server would hand over parsed is
 * refused when it has a content coding, rather than parsed from bytes that are not what they say.
 */
import { VerificationError } from '@signwire/core';
import { type FieldLines, hasContentCoding, isJsonContentType } from '@signwire/core/internal';
import { isFormContentType } from './form-body.js';

/**
 * The error for a coded body that would be handed over parsed.
 *
 * @param declaredAs - what the body is declared as (`JSON`, `form data`).
 * @returns a CONTENT_ENCODING_UNSUPPORTED (415) error.
 */
export function codedBodyError(declaredAs: string): VerificationError {
  return new VerificationError(
    'CONTENT_ENCODING_UNSUPPORTED',
    `the body is declared as ${declaredAs} and has a Content-Encoding: the server hands such bodies to the application parsed from the verified bytes and does not decode content codings; send the body without Content-Encoding`,
  );
}

/**
 * Refuses a verified body that the server would parse (JSON, a UTF-8 urlencoded form) when it has a
 * content coding. Other coded bodies are handed over as the verified bytes.
 *
 * @param contentType - the request's one `Content-Type` (`undefined` when none, several, or no body).
 * @param fields - the received field lines.
 * @throws VerificationError CONTENT_ENCODING_UNSUPPORTED (415).
 */
export function checkParsedBodyCoding(contentType: string | undefined, fields: FieldLines): void {
  if (contentType === undefined || !hasContentCoding(fields)) return;
  if (isJsonContentType(contentType)) throw codedBodyError('JSON');
  if (isFormContentType(contentType)) throw codedBodyError('form data');
}
