/**
 * The exit codes of every `signwire` command (docs/cli.md "Exit codes").
 */
export const EXIT = {
  /** `curl`: a 2xx response; `verify`: the request verifies; `sign`, `inspect`: done. */
  OK: 0,
  /** `curl`: a response that is not 2xx; `verify`: the request does not verify. */
  FAILED: 1,
  /** Bad usage: an unknown or missing flag, no key, an unreadable file, a request the signer refuses. */
  USAGE: 2,
  /** `curl`: the request could not be sent or no response arrived (DNS, connection refused, …). */
  NETWORK: 3,
  /** `curl --verify-responses`: the response is not validly signed for this request. */
  RESPONSE_UNVERIFIED: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in how the command was called: reported on one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
