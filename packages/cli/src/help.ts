/**
 * The `--help` texts (docs/cli.md has the same content with examples).
 */

const KEY_HELP = `Key:
  --key-id ID              the key id (or SIGNWIRE_KEY_ID)
  SIGNWIRE_SECRET          the secret, in the environment (base64 by default)
  --secret-file PATH       the secret's text in a file
  --secret-env NAME        the secret's text in the environment variable NAME
  --secret-encoding ENC    base64 (default), base64url or hex
  --insecure-secret TEXT   the secret on the command line: visible in ps and shell history (warns)`;

const REQUEST_HELP = `Request (as curl):
  -X, --request METHOD     the method (default GET, or POST with a body)
  -H, --header 'N: v'      a header line (repeatable); 'N:' removes a default, 'N;' sends it empty
  -d, --data DATA          a body (repeatable, joined with &); @FILE reads a file without its line
                           breaks, @- standard input; Content-Type defaults to
                           application/x-www-form-urlencoded
  --data-binary DATA       like -d, but @FILE is sent byte for byte
  --data-raw DATA          like -d, without @ handling
  --json JSON              a JSON body (or @FILE, @-), sent in RFC 8785 canonical form, with
                           Content-Type and Accept application/json
Signature:
  --component NAME         cover another header or @query-param;name=NAME (repeatable)
  --expires-in SECONDS     add expires = created + SECONDS
  --label LABEL            the signature label (default sig1)`;

const COMMON_HELP = `  --color auto|always|never   colour (auto: on a terminal, unless NO_COLOR is set)
  -h, --help               this help`;

/** `signwire --help`. */
export const MAIN_HELP: string = `signwire: sign, send and debug RFC 9421 hmac-sha256 requests (Signwire profile)

Usage:
  signwire curl [flags] URL       sign and send a request, print the response
  signwire sign [flags] URL       print the signature headers for another HTTP tool
  signwire verify [flags] [FILE]  check a received request and explain every verifier step
  signwire inspect [flags]        serve the signature inspector page on this machine
  signwire --version

The secret comes from SIGNWIRE_SECRET (base64), --secret-file or --secret-env; the key id from
--key-id or SIGNWIRE_KEY_ID. Run signwire COMMAND --help for a command's flags; docs/cli.md has
examples.
`;

/** `signwire curl --help`. */
export const CURL_HELP: string = `Usage: signwire curl [flags] URL

Signs the request and sends it. The response body goes to standard output. A response that is not
2xx exits 1 and prints the server's Signwire code on one line to standard error.

${REQUEST_HELP}
Output:
  -i, --include            print the status line and response headers before the body
  -v, --verbose            print the request headers, the covered components and the signature base,
                           and the response headers, to standard error
  --verify-responses       require a signed response bound to this request (exit 4 otherwise); a
                           signed clock rejection corrects the clock and retries once
${KEY_HELP}
${COMMON_HELP}

Exit: 0 2xx, 1 other status, 2 bad usage or a request the signer refuses, 3 not sent or no response,
4 the response is not validly signed (--verify-responses).
`;

/** `signwire sign --help`. */
export const SIGN_HELP: string = `Usage: signwire sign [flags] URL

Signs the request and prints the header fields to send with it: Signature-Input, Signature,
Content-Digest (with a body), and the defaults this command added (Content-Type, Accept). Send the
same method, URL, headers and body bytes with any HTTP tool.

${REQUEST_HELP}
Output:
  --format headers|curl|json   header lines (default), curl -H arguments, or a JSON object
  --body-out FILE          write the exact body bytes signed (needed when --json was re-serialized)
  -v, --verbose            print the covered components and the signature base to standard error
${KEY_HELP}
${COMMON_HELP}
`;

/** `signwire verify --help`. */
export const VERIFY_HELP: string = `Usage: signwire verify [flags] [FILE | -]

Reads a received request (a raw HTTP/1.1 request, LF or CRLF line ends, or the test vectors' JSON
request form) from FILE or standard input, runs the verifier's checks in the order of docs/spec.md §9,
and prints each check's outcome, the signature base and the result code.

  --origin ORIGIN          the server's public origin, e.g. https://api.example.com (required for raw
                           HTTP; for JSON it replaces the URL's origin)
  --now TIME               the verifier's clock: Unix seconds, an ISO 8601 date, or "created" (as of
                           when the request was signed); default: now
  --max-age SECONDS        the policy's maximum age (default 300)
  --clock-skew SECONDS     the allowed clock skew (default 60)
  --label LABEL            the signature label (default sig1)
  --format text|json       the report as text (default) or JSON
${KEY_HELP}
  (without --key-id or SIGNWIRE_KEY_ID, the secret is the key of whatever keyid the signature names)
${COMMON_HELP}

Exit: 0 valid, 1 invalid, 2 bad usage or input that is not a request. Step 13 (replay) needs the
server's nonce store and is not checked.
`;

/** `signwire inspect --help`. */
export const INSPECT_HELP: string = `Usage: signwire inspect [--port N] [--host HOST]

Serves the signature inspector (sign a request in the browser, see every step, send it, tamper with
it, copy it as a curl command; paste a request to run the verifier's checks on it in the page; compare
signature bases) and a demo API that verifies with the inspector's demo key, until Ctrl-C.

  --port N                 the port (default 8787; 0 picks a free one)
  --host HOST              the address to listen on (default 127.0.0.1: this machine only)
  -h, --help               this help
`;
