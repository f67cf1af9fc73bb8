// A verification pipeline for the unit tests of its steps: a fixed ring with client-1, the memory
// replay store, a fixed clock, and hooks that record what they are given.
import { createVerificationCache, importSecret } from '@signwire/core';
import { resolvePolicy } from '@signwire/core/internal';
import { createKeyFinder } from '../src/key-ring.js';
import { createMemoryNonceStore } from '../src/memory-nonce-store.js';
import { nodeHashes } from '../src/native-hashes.js';
import type { Pipeline, TimeRejection } from '../src/pipeline.js';
import { createOriginResolver } from '../src/public-origin.js';
import { NOW, ORIGIN, SECRET } from './helpers.js';

export interface RecordingPipeline extends Pipeline {
  readonly failures: unknown[];
  readonly timeRejections: [unknown, TimeRejection][];
}

export function testPipeline(overrides: Partial<Pipeline> = {}): RecordingPipeline {
  const failures: unknown[] = [];
  const timeRejections: [unknown, TimeRejection][] = [];
  return {
    policy: resolvePolicy({}),
    requireExpires: false,
    bodyTimeoutMs: 1000,
    lookupKey: createKeyFinder({ 'client-1': importSecret(SECRET) }),
    resolveOrigin: createOriginResolver({ publicOrigin: ORIGIN }),
    originHint: undefined,
    nonceStore: createMemoryNonceStore(),
    hashes: nodeHashes,
    cache: createVerificationCache(),
    now: () => NOW,
    onFailure: (error) => failures.push(error),
    onTimeRejection: (error, rejected) => timeRejections.push([error, rejected]),
    failures,
    timeRejections,
    ...overrides,
  };
}
