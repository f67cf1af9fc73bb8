/**
 * `readFormData`: a verified form body (multipart or urlencoded) as Fetch `FormData`, parsed from the
 * verified bytes: multipart by the runtime's own Fetch implementation (no parser of our own, no
 * dependency), urlencoded by the same parse as `verified.form`.
 */
import { ConfigurationError, VerificationError } from '@signwire/core';
import { hasContentCoding, singleContentType } from '@signwire/core/internal';
import { codedBodyError } from './content-coding.js';
import { isFormContentType, parseFormBody } from './form-body.js';
import type { VerifiedRequest } from './verifier-types.js';

/** `multipart/form-data` before any `;` parameters (the boundary), case-insensitive. */
const MULTIPART_MEDIA_TYPE = /^\s*multipart\/form-data\s*(?:;|$)/i;

/**
 * Parses a verified request's body as form data, from exactly the verified bytes (the request
 * stream itself was consumed by verification: parsers that read it, such as multer or
 * `@fastify/multipart`, find it empty). Both kinds of form a browser sends are read:
 * - `multipart/form-data` (a `FormData` body), through the runtime's `Response.prototype.formData()`:
 *   what a Fetch server would get, text fields as strings and file parts as `File`s (name, type, bytes);
 * - UTF-8 `application/x-www-form-urlencoded` (a `URLSearchParams` body), the fields of
 *   `verified.form`.
 *
 * The whole body is in memory already, bounded by the verifier's `maxBodyBytes`.
 *
 * @example
 * ```ts
 * app.post('/api/uploads', signwire(verifier), async (req, res) => {
 *   const form = await readFormData(req.signwire); // throws FORM_INVALID (400) for a bad body
 *   const file = form.get('file');
 *   res.json({ title: form.get('title'), size: file instanceof File ? file.size : 0 });
 * });
 * ```
 * @param verified - the result of a verification (`req.signwire`, `request.signwire`, `c.get('signwire')`).
 * @returns the fields in body order.
 * @throws VerificationError CONFIGURATION_INVALID (500) when `verified` is missing (no Signwire
 * middleware ran before the handler).
 * @throws VerificationError FORM_INVALID (400) when the request has no single `Content-Type` of
 * `multipart/form-data` or UTF-8 `application/x-www-form-urlencoded`, or when the body does not parse
 * as one (a missing or wrong boundary, a truncated part).
 * @throws VerificationError CONTENT_ENCODING_UNSUPPORTED (415) when the body has a `Content-Encoding`
 * (the bytes are verified as sent and never decoded).
 */
export async function readFormData(verified: VerifiedRequest | null | undefined): Promise<FormData> {
  if (verified === null || verified === undefined) {
    throw new ConfigurationError(
      'CONFIGURATION_INVALID',
      'readFormData needs a verified request: mount the Signwire middleware before this handler',
    );
  }
  const contentType = singleContentType(verified.request.headers);
  const { body } = verified;
  // A coded urlencoded form never gets here (the verifier refuses it); a coded multipart body does.
  if (hasContentCoding(verified.request.headers)) throw codedBodyError('form data');
  if (isFormContentType(contentType)) {
    // The same parse as verified.form (the URL Standard's: undici's Response.formData() differs on a
    // leading '?', which it drops).
    const form = new FormData();
    for (const [name, value] of parseFormBody(contentType, body) ?? []) form.append(name, value);
    return form;
  }
  if (contentType === undefined || !MULTIPART_MEDIA_TYPE.test(contentType)) {
    throw new VerificationError(
      'FORM_INVALID',
      'the request is not form data: it needs one Content-Type of multipart/form-data or application/x-www-form-urlencoded (UTF-8)',
    );
  }
  // Fetch takes only ArrayBuffer-backed views; the verifier's bytes are, a hand-made result may not be.
  const bytes = body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
  try {
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (cause) {
    throw new VerificationError('FORM_INVALID', 'the body is declared as multipart/form-data but does not parse as one', { cause });
  }
}
