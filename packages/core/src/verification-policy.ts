/**
 * The verifier's policy (docs/spec.md §9, "Policy inputs"): what it accepts, with a safe default for
 * every member, checked once when a verifier is built.
 */
import { type ComponentIdentifier, type ComponentInput, toComponentIdentifier } from './components.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_LABEL, DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_BODY_BYTES, PROFILE_TAG } from './constants.js';
import { ConfigurationError } from './errors.js';

/** The verifier's policy; every member has a safe default (docs/spec.md §9). */
export interface VerificationPolicy {
  /** The label of the signature to verify (default `sig1`). Other signatures are ignored. */
  readonly label?: string | undefined;
  /** The accepted `tag` (default `signwire-v1`). */
  readonly tag?: string | undefined;
  /** Maximum age of `created`, seconds (default 300). */
  readonly maxAgeSeconds?: number | undefined;
  /** Allowed clock skew for `created` in the future, seconds (default 60). */
  readonly clockSkewSeconds?: number | undefined;
  /** Maximum body size, bytes (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined;
  /** Components required in addition to the profile's defaults. */
  readonly requiredComponents?: readonly ComponentInput[] | undefined;
  /**
   * Accept JSON bodies with members named `__proto__`, or `prototype` in a `constructor` member's
   * object (default false: JSON_PROTOTYPE_MEMBER). Only for an application that never merges a
   * parsed body into another object (`Object.assign`, spread, deep merge).
   */
  readonly allowJsonPrototypeMembers?: boolean | undefined;
}

/** A policy with every default filled in. */
export interface ResolvedPolicy {
  /** The label of the signature that is verified. */
  readonly label: string;
  /** The accepted `tag`. */
  readonly tag: string;
  /** Maximum age of `created`, seconds. */
  readonly maxAgeSeconds: number;
  /** Allowed clock skew for `created` in the future, seconds. */
  readonly clockSkewSeconds: number;
  /** Maximum body size, bytes. */
  readonly maxBodyBytes: number;
  /** Components required in addition to the profile's defaults. */
  readonly requiredComponents: readonly ComponentIdentifier[];
  /** Whether JSON bodies may have `__proto__` / `constructor.prototype` members. */
  readonly allowJsonPrototypeMembers: boolean;
}

/**
 * Fills in policy defaults and checks them.
 *
 * @param policy - the policy as configured.
 * @returns the resolved policy.
 * @throws ConfigurationError CONFIGURATION_INVALID for a non-positive max age, a negative skew, …
 */
export function resolvePolicy(policy: VerificationPolicy = {}): ResolvedPolicy {
  if (policy === null || typeof policy !== 'object') throw new ConfigurationError('CONFIGURATION_INVALID', 'the policy must be an object');
  const resolved = {
    label: policy.label ?? DEFAULT_LABEL,
    tag: policy.tag ?? PROFILE_TAG,
    maxAgeSeconds: policy.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    clockSkewSeconds: policy.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    maxBodyBytes: policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    requiredComponents: (policy.requiredComponents ?? []).map((component) => toComponentIdentifier(component)),
    allowJsonPrototypeMembers: policy.allowJsonPrototypeMembers ?? false,
  };
  const checks: [boolean, string][] = [
    [Number.isInteger(resolved.maxAgeSeconds) && resolved.maxAgeSeconds > 0, 'maxAgeSeconds must be a positive integer'],
    [Number.isInteger(resolved.clockSkewSeconds) && resolved.clockSkewSeconds >= 0, 'clockSkewSeconds must be a non-negative integer'],
    [Number.isInteger(resolved.maxBodyBytes) && resolved.maxBodyBytes >= 0, 'maxBodyBytes must be a non-negative integer'],
    [/^[a-z*][a-z0-9_\-.*]{0,63}$/.test(resolved.label), 'label must be a structured-field key'],
    [resolved.tag.length > 0, 'tag must not be empty'],
    [typeof resolved.allowJsonPrototypeMembers === 'boolean', 'allowJsonPrototypeMembers must be a boolean'],
  ];
  for (const [ok, message] of checks) if (!ok) throw new ConfigurationError('CONFIGURATION_INVALID', message);
  return resolved;
}

/** The default policy, resolved once. */
export const DEFAULT_POLICY: ResolvedPolicy = /* @__PURE__ */ resolvePolicy();
