/** One case's outcome: passed (`ok`), failed (`diffs`), or skipped (`skipped`, with the capabilities it `requires`). */
export interface VectorResult {
  id: string;
  ok: boolean;
  skipped?: true;
  requires?: string[];
  diffs: string[];
}
/** The vector format version the runner reads. */
export const VECTOR_FORMAT: 'signwire-vectors/v2';
/** The capabilities a case may require; a runner may do without exactly these. */
export const OPTIONAL_CAPABILITIES: readonly ['uts46'];
/** Runs every case of a parsed vector file against the given core module, skipping the cases that require a capability in `without`. */
export function runVectorFile(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  file: unknown,
  options?: { without?: readonly string[] },
): VectorResult[];
/** The runner's closing line: `N passed, M failed, K skipped`. */
export function summaryLine(results: readonly { ok: boolean; skipped?: true }[]): string;
/** A vector component identifier (`params` as ordered pairs) as the core API takes it. */
export function componentOf(spec: unknown): unknown;
/** A list of vector component identifiers as the core API takes it. */
export function componentsOf(specs: unknown): unknown;
/** Runs one signing case's input and returns what the vectors call `expected`. */
export function runSignCase(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  input: unknown,
): Record<string, unknown>;
/** Runs one verification case and returns what the vectors call `expected`; `lookupOther` answers key ids the case's `keys` lack. */
export function runVerifyCase(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  testCase: unknown,
  lookupOther?: (keyId: string) => unknown,
): Record<string, unknown>;
/** Runs one response-sign case (its `input` and concrete `request`) and returns what the vectors call `expected`. */
export function runResponseSignCase(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  testCase: unknown,
): Record<string, unknown>;
/** Runs one response-verify case and returns what the vectors call `expected`. */
export function runResponseVerifyCase(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  testCase: unknown,
): Record<string, unknown>;
/** Runs one signing case's input through `createRequestSigner().signWithWebCrypto()`. */
export function runSignCaseWithWebCrypto(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  input: unknown,
): Promise<Record<string, unknown>>;
/** Runs one clock case (`sample`, `limits`) and returns what the vectors call `expected`. */
export function runClockCase(
  core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'),
  testCase: unknown,
): Record<string, unknown>;
