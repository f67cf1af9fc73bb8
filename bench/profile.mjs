// node bench/profile.mjs [sign|verify|verify-server|forged|forged-64k|express] [iterations]: runs one
// Signwire loop on the typical POST (query + 1 KB JSON; `forged`, `forged-64k`: the forged request with
// 28 "@query-param" over a 14 KB / 64 KB query, bench/lib/fixtures.mjs) under the V8 CPU profiler and
// prints the functions with the most self time. The .cpuprofile is kept in bench/.cache/ (open it in
// Chrome DevTools for the tree). `express` serves bench/lib/express-app.mjs in this process and
// drives it over HTTP on 127.0.0.1 (8 keep-alive connections, requests signed beforehand); it first
// prints the time per request with and without the verifier, then profiles the verifier's app.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { defineCases, setupCase } from './lib/cases.mjs';
import { expressLoop } from './lib/express-loop.mjs';
import { REQUESTS } from './lib/fixtures.mjs';
import { printProfile } from './lib/profile-report.mjs';
import { loadSignwire } from './lib/signwire.mjs';

const [which = 'sign', iterations = '20000'] = process.argv.slice(2).filter((arg) => arg !== '--');
const CASES = {
  sign: 'signwire sign (client)',
  'sign-native': 'signwire sign (client, node:crypto)',
  verify: 'signwire verify (core, noble)',
  'verify-native': 'signwire verify (core, node:crypto)',
  'verify-server': 'signwire verify (server)',
  forged: 'signwire verify (server), 28 @query-param, 14 KB query: forged, known keyid',
  'forged-64k': 'signwire verify (server), 28 @query-param, 64 KB query: forged, known keyid',
  express: 'Express app with the Signwire middleware, over HTTP',
};
const sw = await loadSignwire();
let run;
if (which === 'express') {
  run = await expressLoop(sw, Number(iterations));
} else {
  const fn = await setupCase(defineCases(sw), CASES[which], REQUESTS.post1k);
  for (let i = 0; i < 2000; i++) await fn(); // warm up (JIT) outside the profile
  run = async () => {
    for (let i = 0; i < Number(iterations); i++) await fn();
  };
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
await run();
const { profile } = await session.post('Profiler.stop');
writeFileSync(new URL(`.cache/${which}.cpuprofile`, import.meta.url), JSON.stringify(profile));
printProfile(profile, `${CASES[which]}: ${iterations} iterations`);
process.exit(0);
