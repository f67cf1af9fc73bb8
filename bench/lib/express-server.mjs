// The bench's Express app (bench/lib/express-app.mjs) in a child process of its own, for
// bench/express-server.mjs: it prints `{ port }` as an IPC message, then answers IPC requests to
// start and stop V8's CPU profiler or sampling heap profiler, writing the profile to the path given.
// Run with --trace-gc, its stdout carries V8's scavenge lines.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startApp } from './express-app.mjs';
import { KEY } from './fixtures.mjs';

const { server, port } = await startApp(process.argv[2], KEY);
server.keepAliveTimeout = 0; // the driver's idle sockets stay usable between phases
const session = new Session();
session.connect();

const commands = {
  'cpu-start': async () => {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 50 });
    await session.post('Profiler.start');
  },
  'cpu-stop': async (file) => writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile)),
  'heap-start': async () => {
    await session.post('HeapProfiler.enable');
    // Collected objects count too: the question is what a request allocates, not what it keeps.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  },
  'heap-stop': async (file) => writeFileSync(file, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile)),
  cpu: async () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
};

process.on('message', async ({ command, file }) => {
  process.send({ command, result: await commands[command](file) });
});
process.send({ port });
