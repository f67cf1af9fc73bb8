/**
 * `createKeyIssuer` (docs/spec.md §16): short-lived keys for browsers, derived from master secrets
 * that never leave the server. Nothing is stored per key. The issuer is also a key source: passed to
 * `createVerifier({ keys })`, it derives a key again from its key id, remembers a bounded number of
 * keys that proved genuine, and asks `revokedBefore` only after a request's MAC verified.
 */
import {
  ConfigurationError,
  type HashProvider,
  HmacKey,
  importSecret,
  type KeyRingEntry,
  type SecretInput,
  SignwireError,
} from '@signwire/core';
import {
  checkRevocation,
  createIssuedKeyDeriver,
  describeIssuedKeyFieldProblem,
  formatIssuedKeyId,
  type IssuedKeyEntry,
  type IssuingMaster,
  resolveIssuedKey,
  toBase64Url,
} from '@signwire/core/internal';
import { nodeHashes } from './native-hashes.js';

/** A master secret with its state (docs/spec.md §16.1). */
export interface MasterKey {
  /** The master secret: bytes or `{ base64 }` / `{ base64url }` / `{ hex }` (32–1024 bytes). */
  readonly secret: SecretInput;
  /** A retired master issues nothing and its keys are refused (KEY_RETIRED). */
  readonly retired?: boolean | undefined;
}

/** A master as configured: a bare secret or a {@link MasterKey}. */
export type MasterKeyInput = SecretInput | MasterKey;

/** A subject's revocation time, Unix seconds (`Infinity`: all its keys): its keys issued before it are refused (KEY_REVOKED). */
export type RevokedBefore = (subject: string) => number | undefined | PromiseLike<number | undefined>;

/** Options of {@link createKeyIssuer}. */
export interface KeyIssuerOptions {
  /** Master secrets by master id (1–16 characters of `A–Z a–z 0–9 . _ ~ / + = @ -`). */
  readonly masterKeys: ReadonlyMap<string, MasterKeyInput> | Readonly<Record<string, MasterKeyInput>>;
  /** The master new keys are issued under (configured, not retired). */
  readonly currentMaster: string;
  /** Lifetime of an issued key, seconds (default 900). */
  readonly ttlSeconds?: number | undefined;
  /** The longest lifetime `issue()` grants and the verifier accepts, seconds (default 3600). */
  readonly maxTtlSeconds?: number | undefined;
  /**
   * The subject's revocation time, Unix seconds (sync or async), or `undefined` for none: keys issued
   * before it are refused with KEY_REVOKED ("log out everywhere": `Math.ceil(Date.now() / 1000)`; a
   * time in the future suspends the subject until then; `Infinity` refuses every key of the subject, a
   * deleted account). Anything else (milliseconds, `NaN`, `-Infinity`, a `Date`) fails the request
   * with CONFIGURATION_INVALID (500). Asked only for requests whose MAC verified.
   * What it throws is not a rejection: it goes to your framework (a 500), like a key resolver's error.
   */
  readonly revokedBefore?: RevokedBefore | undefined;
  /** The clock of `issue()`, Unix seconds (default `Date.now() / 1000`). */
  readonly now?: (() => number) | undefined;
  /** The hash implementation (default: `node:crypto`). */
  readonly hashes?: HashProvider | undefined;
  /** How many keys that verified a request are remembered, so they are not derived again (default 1000; 0: none). */
  readonly cacheSize?: number | undefined;
}

/** What the issuing route answers (docs/spec.md §16.4); the shape the client's `credentials` takes. */
export interface IssuedCredentials {
  /** The key id: `swk1:<master id>:<subject>:<issued at>:<expires>`. */
  readonly keyId: string;
  /** The key, in a declared encoding (a client's `SecretInput`). */
  readonly secret: {
    /** The 32 key bytes, base64url without padding. */
    readonly base64url: string;
  };
  /** When the key stops being valid, Unix seconds. */
  readonly expires: number;
}

/** Options of {@link KeyIssuer.issue}. */
export interface IssueOptions {
  /** This key's lifetime, seconds (default: the issuer's `ttlSeconds`; at most `maxTtlSeconds`). */
  readonly ttlSeconds?: number | undefined;
}

/** Issues keys; pass it as `createVerifier({ keys: issuer })` (or `[issuer, staticKeys]`) to verify them. */
export interface KeyIssuer {
  /** The master keys are issued under. */
  readonly currentMaster: string;
  /** The default lifetime, seconds. */
  readonly ttlSeconds: number;
  /** The longest lifetime, seconds. */
  readonly maxTtlSeconds: number;
  /**
   * Issues a key to `subject`. Call it only for an authenticated subject (after your session check),
   * and answer with `Cache-Control: no-store` (the adapters' `keyIssuingRoute` does both).
   *
   * @param subject - whom the key is for: 1–64 characters of `A–Z a–z 0–9 . _ ~ / + = @ -`, sent in
   * clear in every signature (use an opaque user id, not an e-mail address).
   * @param options - the lifetime of this key.
   * @returns the key id, the key (base64url) and its expiry, ready to be sent as JSON.
   * @throws ConfigurationError CONFIGURATION_INVALID for a subject outside the alphabet or a lifetime
   * outside 1…`maxTtlSeconds`.
   */
  issue(subject: string, options?: IssueOptions): IssuedCredentials;
}

/** What a verifier needs from an issuer. */
export interface IssuerKeyLookup {
  /** The master ids (two issuers in one verifier must not share one). */
  readonly masterIds: readonly string[];
  /** The entry of an issued key id, or `undefined` (KEY_UNKNOWN). */
  readonly find: (keyId: string) => KeyRingEntry | undefined;
}

const lookups = new WeakMap<object, IssuerKeyLookup>();

/**
 * The verifier's view of an issuer.
 *
 * @param source - a key source.
 * @returns its lookup when `source` was made by {@link createKeyIssuer}.
 */
export function issuerKeyLookup(source: unknown): IssuerKeyLookup | undefined {
  return typeof source === 'object' && source !== null ? lookups.get(source) : undefined;
}

const DEFAULT_TTL_SECONDS = 900;
const DEFAULT_MAX_TTL_SECONDS = 3600;
const DEFAULT_CACHE_SIZE = 1000;

function invalid(message: string, cause?: unknown): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_INVALID', message, cause === undefined ? undefined : { cause });
}

function wholeSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(`${name} must be a whole number of seconds, at least 1`);
  return value as number;
}

function isMasterKey(input: MasterKeyInput): input is MasterKey {
  return typeof input === 'object' && input !== null && !(input instanceof HmacKey) && 'secret' in input;
}

/** Imports the masters; each error names its master. */
function importMasters(options: KeyIssuerOptions, hashes: HashProvider): Map<string, IssuingMaster> {
  const source = options.masterKeys;
  if (source === null || typeof source !== 'object') throw invalid('masterKeys must be a Map or a record of master secrets by id');
  const pairs = source instanceof Map ? [...source.entries()] : Object.entries(source as Record<string, MasterKeyInput>);
  if (pairs.length === 0) throw invalid('masterKeys must hold at least one master');
  const masters = new Map<string, IssuingMaster>();
  for (const [masterId, input] of pairs) {
    const problem = describeIssuedKeyFieldProblem('master id', masterId, 16);
    if (problem !== undefined) throw invalid(`masterKeys: ${problem}`);
    const retired = isMasterKey(input) ? input.retired : undefined;
    if (retired !== undefined && typeof retired !== 'boolean') throw invalid(`retired of master "${masterId}" must be a boolean`);
    let key: HmacKey;
    try {
      key = importSecret(isMasterKey(input) ? input.secret : input);
    } catch (cause) {
      if (!(cause instanceof SignwireError)) throw cause;
      throw new ConfigurationError('KEY_INVALID', `master "${masterId}": ${cause.message}`, { cause });
    }
    masters.set(masterId, { derive: createIssuedKeyDeriver(key, hashes), retired: retired === true });
  }
  return masters;
}

/**
 * Creates a key issuer. Options are checked here, before any key is issued.
 *
 * @example
 * ```ts
 * const issuer = createKeyIssuer({
 *   masterKeys: { m2026: { base64: process.env.SIGNWIRE_MASTER_2026! } },
 *   currentMaster: 'm2026',
 *   revokedBefore: (userId) => sessions.revokedBefore(userId), // optional: "log out everywhere"
 * });
 * const verifier = createVerifier({ keys: [issuer, serviceKeys], publicOrigin: 'https://api.example.com' });
 * app.get('/session/signing-key', keyIssuingRoute(issuer, { subject: (req) => req.session?.userId }));
 * ```
 * @param options - masters, lifetimes and revocation.
 * @returns the issuer.
 * @throws ConfigurationError KEY_INVALID (a master secret) or CONFIGURATION_INVALID (anything else).
 */
export function createKeyIssuer(options: KeyIssuerOptions): KeyIssuer {
  if (options === null || typeof options !== 'object') throw invalid('createKeyIssuer needs { masterKeys, currentMaster }');
  for (const name of ['revokedBefore', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw invalid(`${name} must be a function`);
  }
  const hashes = options.hashes ?? nodeHashes;
  if (typeof hashes?.hmacSha256 !== 'function') throw invalid('hashes must be a HashProvider ({ sha256, hmacSha256 })');
  const masters = importMasters(options, hashes);
  const { currentMaster, revokedBefore, now = () => Date.now() / 1000 } = options;
  const current = masters.get(currentMaster);
  if (current === undefined || current.retired) {
    throw invalid(`currentMaster must name a master of masterKeys that is not retired (${[...masters.keys()].join(', ')})`);
  }
  const maxTtlSeconds = wholeSeconds(options.maxTtlSeconds, 'maxTtlSeconds', DEFAULT_MAX_TTL_SECONDS);
  const ttlSeconds = wholeSeconds(options.ttlSeconds, 'ttlSeconds', DEFAULT_TTL_SECONDS);
  if (ttlSeconds > maxTtlSeconds) throw invalid(`ttlSeconds (${ttlSeconds}) is over maxTtlSeconds (${maxTtlSeconds}): raise maxTtlSeconds`);
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw invalid('cacheSize must be a whole number, 0 or more');

  const issuer: KeyIssuer = Object.freeze({
    currentMaster,
    ttlSeconds,
    maxTtlSeconds,
    issue(subject: string, issueOptions: IssueOptions = {}): IssuedCredentials {
      const ttl = issueOptions?.ttlSeconds ?? ttlSeconds;
      if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > maxTtlSeconds) {
        throw invalid(`ttlSeconds must be a whole number of seconds from 1 to maxTtlSeconds (${maxTtlSeconds})`);
      }
      const issuedAt = Math.floor(readClock(now));
      const keyId = formatIssuedKeyId({ masterId: currentMaster, subject, issuedAt, expires: issuedAt + ttl });
      return { keyId, secret: { base64url: toBase64Url(current.derive(keyId)) }, expires: issuedAt + ttl };
    },
  });
  lookups.set(issuer, { masterIds: [...masters.keys()], find: createIssuedKeyFinder(masters, maxTtlSeconds, cacheSize, revokedBefore) });
  return issuer;
}

/** The issuer's clock, checked: Unix seconds of at most 12 digits (§16.2), so not milliseconds. */
function readClock(now: () => number): number {
  const seconds: unknown = now();
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds >= 1e12) {
    throw invalid(`the issuer clock (options.now) returned ${String(seconds)}: it must return Unix seconds (Date.now() / 1000)`);
  }
  return seconds;
}

/**
 * The verifier's lookup of issued keys (docs/spec.md §16.5): derive, or find among the keys that
 * verified a request before; revocation in `confirm`, which runs after the MAC and digest verified.
 * Only then is a key remembered, so forged key ids cannot push genuine keys out of the memory.
 */
function createIssuedKeyFinder(
  masters: ReadonlyMap<string, IssuingMaster>,
  maxTtlSeconds: number,
  cacheSize: number,
  revokedBefore: RevokedBefore | undefined,
): (keyId: string) => KeyRingEntry | undefined {
  const remembered = new Map<string, KeyRingEntry>();
  const remember = (keyId: string, entry: KeyRingEntry): void => {
    if (cacheSize === 0 || remembered.has(keyId)) return;
    if (remembered.size >= cacheSize) remembered.delete(remembered.keys().next().value as string); // the oldest
    remembered.set(keyId, entry);
  };
  const confirmed = (keyId: string, issued: IssuedKeyEntry): KeyRingEntry => {
    const entry: KeyRingEntry = {
      ...issued,
      confirm: () => {
        remember(keyId, entry);
        if (revokedBefore === undefined) return undefined;
        const answer = revokedBefore(issued.subject);
        if (typeof (answer as PromiseLike<unknown> | undefined)?.then !== 'function') return checkRevocation(keyId, issued, answer);
        return Promise.resolve(answer).then((time) => checkRevocation(keyId, issued, time));
      },
    };
    return entry;
  };
  return (keyId) => {
    const known = remembered.get(keyId);
    if (known !== undefined) return known;
    const issued = resolveIssuedKey(keyId, (masterId) => masters.get(masterId), maxTtlSeconds);
    return issued === undefined ? undefined : confirmed(keyId, issued);
  };
}
