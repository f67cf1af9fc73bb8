// Lints each packed tarball with publint and @arethetypeswrong/cli (attw). Every library package ships
// an ESM and a CommonJS build with their own types, so no finding is accepted: any problem fails.
// @signwire/cli is an executable: it exports only its package.json (nothing for attw to resolve but
// that) and publint checks its `bin`; it has no finding to accept either.

import { exec } from './exec.mjs';
import { binary } from './install.mjs';

/** attw findings accepted in writing, each with its reason (none today). */
export const ACCEPTED_ATTW = [];

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const ANSI_ESCAPES = /\u001b\[[0-9;]*m/g;

const accepted = (p) => ACCEPTED_ATTW.some((a) => a.kind === p.kind && a.resolutionKind === p.resolutionKind);

/**
 * @param {Record<string, string>} tarballs - tarball paths by package name.
 * @returns {Promise<{ package: string, publint: { ok: boolean, findings: string[] },
 *   attw: { ok: boolean, accepted: string[], findings: string[] } }[]>}
 */
export async function lintTarballs(tarballs) {
  return Promise.all(
    Object.entries(tarballs).map(async ([name, tarball]) => {
      // CI=true makes publint colour its output; findings are read as plain text.
      const pub = await exec(binary('publint'), [tarball, '--level', 'suggestion', '--strict'], {
        env: { NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      const publintFindings = pub.stdout
        .replace(ANSI_ESCAPES, '')
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
