/** One case's outcome. */
export interface VectorResult {
  id: string;
  ok: boolean;
  diffs: string[];
}
/** Runs every case of a parsed vector file against the given core module. */
export function runVectorFile(core: typeof import('../src/index.ts') & typeof import('../src/internal.ts'), file: unknown): VectorResult[];
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
