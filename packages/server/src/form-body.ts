/**
 * The parsed `application/x-www-form-urlencoded` body handed to the application: parsed once from
 * the verified bytes by the WHATWG URL Standard's parser (`URLSearchParams`), UTF-8 only.
 */

/** The media type before any `;` parameters, case-insensitive, surrounding whitespace allowed. */
const FORM_MEDIA_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Every `charset` parameter, quoted or not. Read leniently (spaces around `=` allowed): a charset
 * this reading finds and does not know leaves the body unparsed, the safe direction.
 */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi;

/**
 * Whether a `Content-Type` value names a form body the verifier parses: the media type
 * `application/x-www-form-urlencoded`, without a `charset` parameter or with `charset=utf-8`
 * (`utf8`, any case). Any other charset is not parsed: the bytes are still handed over.
 *
 * @param contentType - the field value, if any.
 * @returns true for UTF-8 urlencoded forms.
 */
export function isFormContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || !FORM_MEDIA_TYPE.test(contentType)) return false;
  for (const match of contentType.matchAll(CHARSET_PARAMETER)) {
    const charset = (match[1] ?? match[2] ?? '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return false;
  }
  return true;
}

/**
 * Not fatal: the URL Standard decodes each name and value as UTF-8 with replacement characters for
 * invalid sequences, and keeps a leading BOM. Decoding the whole body first is the same, since the
 * separators `&`, `=`, `+` and `%` are ASCII and never part of an invalid sequence.
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Parses the body when the request declares a UTF-8 urlencoded form and has a body.
 *
 * @param contentType - the request's one `Content-Type` (`undefined` when it has none or several).
 * @param body - the verified body bytes.
 * @returns the fields in body order, or `undefined` when the request is not such a form or has no body.
 */
export function parseFormBody(contentType: string | undefined, body: Uint8Array): URLSearchParams | undefined {
  if (body.length === 0 || !isFormContentType(contentType)) return undefined;
  const text = decoder.decode(body);
  // The URLSearchParams constructor drops one leading '?' (it is written for query strings); a
  // leading '&' is an empty piece, which the parser skips, and keeps the '?' in the first name.
  return new URLSearchParams(text.charCodeAt(0) === 0x3f ? `&${text}` : text);
}

/**
 * The fields as an object without a prototype, as Express 4's `express.urlencoded({ extended: false })`
 * (Node's `querystring`) shapes them: one string per name, an array of strings (in body order) for a name that occurs more than
 * once. A field named `__proto__` or `constructor` is an ordinary own key of it.
 *
 * @param form - the parsed fields.
 * @returns a new object with a `null` prototype.
 */
export function formRecord(form: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of form) {
    const seen = record[name];
    if (seen === undefined) record[name] = value;
    else if (typeof seen === 'string') record[name] = [seen, value];
    else seen.push(value);
  }
  return record;
}
