#!/usr/bin/env bash
# The whole test suite, as the README's second command and CI run it.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }
step "system packages"; bash scripts/ensure-system-deps.sh
step "lint (biome)"; pnpm lint
step "build"; pnpm build
step "typecheck"; pnpm typecheck
step "API report: every entry of every package against api/ (pnpm api:update after an intended change)"; pnpm api:check
step "docs: API reference (typedoc; fails on undocumented exports; examples are in typecheck)"; pnpm docs:api
step "unit, integration and browser tests (vitest)"; pnpm test
step "vectors: TypeScript"; node packages/core/bin/signwire-vectors.mjs --quiet
step "vectors: Python RFC 8785 serializer"; python3 test-vectors/python/test_jcs.py
step "vectors: Python"; python3 test-vectors/python/run_vectors.py
step "vectors: file format (portable JSON in every file, format v2, --without uts46 skips)"; python3 test-vectors/python/test_vector_format.py
step "toolchains: tsx, ts-node, Jest 30, type stripping, tsc, esbuild/Vite/webpack in Chromium (packed tarballs, scratch projects)"; pnpm test:toolchains --no-build
step "release check: tarballs linted, metadata, every entry from ESM and CommonJS"; pnpm release:check --no-build
step "client bundle size (packs the dist built above)"; pnpm size --no-build
step "bench harness smoke (one sample each; not a timing check)"; pnpm bench --quick --smoke
step "demo (CI mode)"; pnpm demo --ci
step "e2e: nginx smuggling, Redis replay, Redis outage (one server and a Cluster), properties, fuzzing, Flask interop"; pnpm test:e2e
step "runtimes: Node 20/22/24, Bun, Deno, workerd, Chromium (packed tarballs)"; pnpm test:runtimes
