/**
 * `-v`: what was sent and received, on standard error, in curl's `>` / `<` / `*` style, plus the
 * covered components and the signature base of each signed request.
 */
import type { ClockSampleReport } from '@signwire/client/responses';
import type { OutputStream, Palette } from './io.js';
import { signatureBaseOf } from './verify/signature-base-of.js';

/** Writes the trace of one command run. */
export class Trace {
  readonly #out: OutputStream;
  readonly #colors: Palette;
  readonly #label: string | undefined;

  /**
   * @param out - standard error.
   * @param colors - its palette.
   * @param label - the signature label (default `sig1`).
   */
  constructor(out: OutputStream, colors: Palette, label: string | undefined) {
    this.#out = out;
    this.#colors = colors;
    this.#label = label;
  }

  /**
   * Traces a signed request about to be sent: request line, header fields, covered components, base.
   *
   * @param request - the signed request.
   */
  async request(request: Request): Promise<void> {
    const url = new URL(request.url);
    const lines = [`> ${request.method} ${url.pathname}${url.search} HTTP/1.1`, `> host: ${url.host}`];
    request.headers.forEach((value, name) => {
      lines.push(`> ${name}: ${value}`);
    });
    lines.push('>');
    const body = new Uint8Array(await request.clone().arrayBuffer());
    this.signature({ method: request.method, url: request.url, headers: fieldLines(request.headers), body }, lines);
  }

  /**
   * Traces the covered components and the signature base of a signed request.
   *
   * @param request - the signed request as plain data.
   * @param lines - lines to print first.
   */
  signature(
    request: { method: string; url: string; headers: readonly (readonly [string, string])[]; body: Uint8Array | undefined },
    lines: string[] = [],
  ): void {
    let base: string;
    try {
      base = signatureBaseOf({ ...request, headers: request.headers.map(([n, v]) => [n, v] as [string, string]) }, this.#label);
    } catch (error) {
      lines.push(this.#colors.yellow(`* signature base: not derivable from the request (${(error as { code?: string }).code ?? 'error'})`));
      this.#write(lines);
      return;
    }
    const covered = base
      .split('\n')
      .slice(0, -1)
      .map((line) => line.slice(0, line.indexOf('": ') + 1));
    lines.push(this.#colors.dim(`* covered: ${covered.join(' ')}`), this.#colors.dim('* signature base:'));
    for (const line of base.split('\n')) lines.push(this.#colors.dim(`*   ${line}`));
    this.#write(lines);
  }

  /**
   * Traces a response's status line and header fields.
   *
   * @param response - the response.
   */
  response(response: Response): void {
    const lines = [`< HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()];
    response.headers.forEach((value, name) => {
      lines.push(`< ${name}: ${value}`);
    });
    lines.push('<');
    this.#write(lines);
  }

  /**
   * Traces what a signed clock rejection did to the signer's clock (`--verify-responses`).
   *
   * @param report - the client's report.
   */
  readonly clockSample = (report: ClockSampleReport): void => {
    const what =
      report.outcome === 'corrected'
        ? `clock offset set to ${report.offsetSeconds} s; retrying once`
        : report.outcome === 'unchanged'
          ? 'clock offset unchanged'
          : `ignored (${report.reason})`;
    this.#write([this.#colors.yellow(`* signed ${report.code} from the server (its time ${report.created}): ${what}`)]);
  };

  #write(lines: readonly string[]): void {
    this.#out.write(`${lines.join('\n')}\n`);
  }
}

/**
 * A Fetch `Headers` object as field lines.
 *
 * @param headers - the headers.
 * @returns `[name, value]` pairs.
 */
export function fieldLines(headers: Headers): [string, string][] {
  const lines: [string, string][] = [];
  headers.forEach((value, name) => {
    lines.push([name, value]);
  });
  return lines;
}
