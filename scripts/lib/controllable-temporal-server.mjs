// The real Temporal server (scripts/lib/temporal-server.mjs) whose parent can crash, stop and start
// its services one by one: tests/support/own-temporal-server.ts uses it for the fault tests. Runs in
// a child process because temporal-server.mjs and stack.mjs are ES modules, which jest's CommonJS
// runtime cannot load.
//
// Usage: node controllable-temporal-server.mjs '<JSON options of startTemporalServer>'
// (adminUrl, databases, workDir, logDir, searchAttributes, dynamicConfig, faultInjection, shards).
// The binaries are those in CLOSER_TEMPORAL_SERVER_DIR, else the per-machine cache's.
// Prints `ready <address>` once the server serves. Commands on stdin, one a line, each answered on
// stdout with one line that ends with the time it was done (ms since the epoch):
//   kill <service>     SIGKILL, a crash         -> `killed <service> <ms>` once it has exited
//   stop <service>     SIGTERM, a clean stop    -> `stopped <service> <ms>`
//   start <service>    same config and ports    -> `started <service> <ms>` once it serves
//   restart <service>  stop, then start         -> `restarted <service> <ms>`
//   exit               stops all four and exits (so does the end of stdin: the parent is gone)
// A command that fails is answered `failed <command>: <reason>`.
import { createInterface } from 'node:readline';
import { ensureDatabase } from './stack.mjs';
import { ensureTemporalCli } from './temporal-cli.mjs';
import { ensureTemporalServer, startTemporalServer, temporalServerAt } from './temporal-server.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const dir = process.env.CLOSER_TEMPORAL_SERVER_DIR;
// Messages of the build (if any) go to stderr: stdout carries the answers.
const log = (message) => console.error(message);
let server;
try {
  const tool = dir ? temporalServerAt(dir) : ensureTemporalServer({ log });
  server = await startTemporalServer({ ...options, tool, cli: ensureTemporalCli({ log }), ensureDatabase, log });
} catch (err) {
  console.log(`failed start: ${String(err?.message ?? err).replace(/\n/g, ' | ')}`);
  process.exit(1);
}
console.log(`ready ${server.address}`);

const exit = async () => {
  await server.stop().catch(() => undefined);
  process.exit(0);
};

const commands = {
  kill: async (name) => server.stopService(name, { signal: 'SIGKILL' }).then(() => 'killed'),
  stop: async (name) => server.stopService(name).then(() => 'stopped'),
  start: async (name) => server.startService(name).then(() => 'started'),
  restart: async (name) => {
    await server.stopService(name);
    await server.startService(name);
    return 'restarted';
  },
};

let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const [command, name] = line.trim().split(/\s+/);
    if (command === 'exit') return exit();
    const run = commands[command];
    if (!run) return console.log(`failed ${line.trim()}: unknown command`);
    try {
      const done = await run(name);
      console.log(`${done} ${name} ${Date.now()}`);
    } catch (err) {
      console.log(`failed ${line.trim()}: ${String(err?.message ?? err).replace(/\n/g, ' | ')}`);
    }
  });
});
// The parent is gone (or closed our stdin): leave no server behind.
lines.on('close', () => void queue.then(exit));
