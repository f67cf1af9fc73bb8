// `pnpm demo`: starts the demo API and the signature inspector, then sends one signed request and six
// attacks on it over HTTP. `--ci`: exits (non-zero unless every case got its expected verdict).
import { formatTable, runScenario } from './scenario.mjs';
import { startDemoServer } from './server.mjs';

const ci = process.argv.includes('--ci');
const port = ci ? 0 : Number(process.env.PORT ?? 8787);
const server = await startDemoServer({ port }).catch((error) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`port ${port} is busy, using a free one`);
  return startDemoServer({ port: 0 });
});

console.log(`\nSignwire demo API (Express + @signwire/server) on ${server.url}\n`);
console.log('One signed POST and six attacks on it, each sent over HTTP:\n');
const rows = await runScenario(server.url);
console.log(formatTable(rows));
const failed = rows.filter((row) => !row.ok).length;
console.log(`\n${rows.length - failed} of ${rows.length} cases got their expected verdict${failed ? ` — ${failed} did NOT` : ''}`);

if (ci) {
  await server.close();
  process.exitCode = failed === 0 ? 0 : 1;
} else {
  console.log(`\n  Signature inspector: ${server.url}/   (sign, send and tamper in your browser)\n  Ctrl-C to stop.\n`);
  process.once('SIGINT', () => process.exit(0));
}
