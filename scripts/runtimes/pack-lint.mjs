// Lints each packed tarball with publint and @arethetypeswrong/cli (attw).
//
// attw findings accepted, because an ESM-only package necessarily has them (and nothing else is):
//   - CJSResolvesToESM (resolution "node16-cjs"): there is no CommonJS build by design
//     (docs: ESM only). TypeScript's node16 "from CJS" mode and older bundlers see a require() that
//     lands on ESM. Node >= 20.19 does load it through require(esm), which cjs-check.mjs proves on
//     every Node we test; adding a "require" condition pointing at the ESM files would claim a CJS
//     build that does not exist.
// Everything else fails, including node10 NoResolution of a subpath export: that one is not an
// ESM-only necessity (a `typesVersions` map fixes it), so it is reported for the package owners.

import { exec } from './exec.mjs';
import { binary } from './install.mjs';

export const ACCEPTED_ATTW = [{ kind: 'CJSResolvesToESM', resolutionKind: 'node16-cjs' }];

const accepted = (p) => ACCEPTED_ATTW.some((a) => a.kind === p.kind && a.resolutionKind === p.resolutionKind);

/**
 * @param {Record<string, string>} tarballs - tarball paths by package name.
 * @returns {Promise<{ package: string, publint: { ok: boolean, findings: string[] },
 *   attw: { ok: boolean, accepted: string[], findings: string[] } }[]>}
 */
export async function lintTarballs(tarballs) {
  return Promise.all(
    Object.entries(tarballs).map(async ([name, tarball]) => {
      const pub = await exec(binary('publint'), [tarball, '--level', 'suggestion', '--strict']);
      const publintFindings = pub.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^(Running publint|Unpacking tarball|Linting|All good)/.test(l));
      const at = await exec(binary('attw'), [tarball, '--format', 'json'], { timeoutMs: 300_000 });
      let attw;
      try {
        const problems = JSON.parse(at.stdout).analysis.problems;
        const show = (p) => `${p.kind} (${p.resolutionKind ?? 'n/a'}) ${p.entrypoint ?? ''}`.trim();
        attw = {
          ok: problems.every(accepted),
          accepted: problems.filter(accepted).map(show),
          findings: problems.filter((p) => !accepted(p)).map(show),
        };
      } catch {
        attw = { ok: false, accepted: [], findings: [`attw did not report JSON (exit ${at.code}): ${at.stderr.trim().slice(0, 2000)}`] };
      }
      return { package: `@signwire/${name}`, publint: { ok: pub.code === 0, findings: publintFindings }, attw };
    }),
  );
}
