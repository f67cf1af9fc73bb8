// Runs docs/getting-started.md as written, in an empty folder beside a folder holding the packed
// tarballs (the layout the guide describes after `pnpm pack:all`): every `sh` block in one bash
// session, every `js`/`html` block whose first line names a file written to that file, each `text`
// block compared with the output of the command just before it, a plain block starting `signwire: `
// looked for in the servers' output, and the page the guide ends on
// loaded in Chromium. Blocks after `<!-- test: skip … -->` are not run. Then it probes the guide's
// server with the paths that must not reach a handler unsigned.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { basename, join } from 'node:path';
import { REPO } from '../release/pack-all.mjs';
import { exec } from '../runtimes/exec.mjs';

const GUIDE = join(REPO, 'docs/getting-started.md');

/**
 * @param {{ scratch: string, tarballs: Record<string, string>, chromium: string }} options
 * @returns {Promise<void>} rejects with what differs from the guide.
 */
export async function runGuide({ scratch, tarballs, chromium }) {
  const root = join(scratch, 'guide');
  mkdirSync(join(root, 'signwire/tarballs'), { recursive: true });
  for (const file of Object.values(tarballs)) copyFileSync(file, join(root, 'signwire/tarballs', basename(file)));
  const { script, pageShows } = guideScript(readFileSync(GUIDE, 'utf8'));
  writeFileSync(join(root, 'guide.sh'), script);
  try {
    const { code, stdout, stderr } = await exec('bash', ['guide.sh'], { cwd: root, timeoutMs: 300_000 });
    if (code !== 0) throw new Error(`the guide's steps failed (exit ${code}):\n${(stdout + stderr).trim().slice(-3000)}`);
    await probeUnsignedRoutes();
    await checkPage(chromium, pageShows);
  } finally {
    await exec('bash', ['-c', 'for p in $(cat .guide-pids 2>/dev/null); do kill -- -$p 2>/dev/null; done'], { cwd: root });
  }
}

/** Turns the guide into one bash script; returns it and what the guide says the page shows. */
export function guideScript(markdown) {
  const lines = ['set -euo pipefail', 'background=0'];
  let skip = false;
  let lastCommand;
  for (const [, directive, lang, body] of markdown.matchAll(/(<!-- test: skip[^>]*-->\n)?```(\w*)\n([\s\S]*?)```/g)) {
    if (directive) skip = true;
    if (skip) {
      skip = false;
      continue;
    }
    const first = body.split('\n')[0];
    const named = /^(?:\/\/|<!--) ([\w.-]+\.(?:js|html))(?: -->)?$/.exec(first);
    if ((lang === 'js' || lang === 'html') && named) {
      lines.push(`cat > ${named[1]} <<'SIGNWIRE_GUIDE_EOF'`, body.replace(/\n$/, ''), 'SIGNWIRE_GUIDE_EOF');
    } else if (lang === 'sh') {
      for (const command of body.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
        if (command.trimEnd().endsWith('&')) {
          // A server: its own process group, started, then waited for until it prints its address.
          const run = command.trimEnd().slice(0, -1);
          lines.push(
            'background=$((background + 1))',
            `setsid bash -c ${shellQuote(run)} > .guide-bg-$background.log 2>&1 &`,
            'echo $! >> .guide-pids',
            `for _ in $(seq 150); do grep -q 'localhost:' .guide-bg-$background.log && break; sleep 0.2; done`,
            `grep -q 'localhost:' .guide-bg-$background.log || { cat .guide-bg-$background.log; exit 1; }`,
          );
        } else {
          lines.push(command);
          lastCommand = lines.length - 1;
        }
      }
    } else if (lang === '' && first.startsWith('signwire: ')) {
      // A line the guide says a server printed: looked for in what the servers printed so far.
      lines.push(
        `cat .guide-bg-*.log | grep -qF ${shellQuote(first)} || { echo 'no server printed: ${first.replaceAll("'", '')}'; exit 1; }`,
      );
    } else if (lang === 'text' && lastCommand !== undefined) {
      lines[lastCommand] = `${lines[lastCommand]} | tee .guide-output`;
      lines.push(
        `diff -u - .guide-output <<'SIGNWIRE_GUIDE_EOF' || { echo 'the output differs from the guide'; exit 1; }`,
        body.replace(/\n$/, ''),
        'SIGNWIRE_GUIDE_EOF',
      );
    }
  }
  // Servers are recorded where the runner kills them from, whatever directory the guide changed into.
  lines.splice(2, 0, 'exec_root=$PWD');
  const script = `${lines.join('\n').replaceAll('>> .guide-pids', '>> "$exec_root/.guide-pids"')}\n`;
  const pageShows = /the page shows `([^`]+)`/.exec(markdown)?.[1];
  if (pageShows === undefined) throw new Error('docs/getting-started.md no longer says what the page shows');
  return { script, pageShows };
}

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Raw request targets (fetch would normalize them) against the guide's server on port 3000. */
async function probeUnsignedRoutes() {
  const expectations = [
    ['GET', '/health', 200],
    ['GET', '/HEALTH', 200], // the health handler itself: Express matches paths without case
    ['POST', '/api/orders', 401],
    ['GET', '/api/orders', 401],
    ['POST', '/API/orders', 401],
    ['POST', '/api/../health', 401],
    ['POST', '/api/%2e%2e/health', 401],
    ['POST', '/api/%2E%2E/orders', 401],
    ['POST', '//api/orders', 404],
    ['POST', '/health/../api/orders', 404],
    ['POST', '/health/%2e%2e/api/orders', 404],
  ];
  const wrong = [];
  for (const [method, path, status] of expectations) {
    const got = await rawRequest(method, path);
    if (got.status !== status) wrong.push(`${method} ${path}: ${got.status} ${got.body.slice(0, 200)} (expected ${status})`);
    if (got.status === 201) wrong.push(`${method} ${path} reached the orders handler unsigned`);
  }
  if (wrong.length) throw new Error(`unsigned routes:\n${wrong.join('\n')}`);
}

function rawRequest(method, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: 'localhost', port: 3000, method, path, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{}');
  });
}

async function checkPage(executablePath, expected) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto('http://localhost:5173');
    await page.waitForFunction(() => document.querySelector('#verdict')?.textContent !== 'sending…', undefined, { timeout: 30_000 });
    const shown = await page.textContent('#verdict');
    if (shown !== expected) throw new Error(`the page shows ${shown}, the guide says ${expected}`);
  } finally {
    await browser.close();
  }
}
