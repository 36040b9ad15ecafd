import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, RunningProcess } from './processes';
import { testEnv } from './test-env';

const root = join(__dirname, '..', '..');

// Runs in a node process of its own, so that stopping it is a real outage: the embedded PostgreSQL
// of scripts/lib/stack.mjs (as `npm test` starts one), the `closer` database, the migrations and the
// demo organisation (the people tests sign in as).
const SERVER = `
const [dataDir, port, root] = process.argv.slice(1);
const { createRequire } = await import('node:module');
const stack = await import(root + '/scripts/lib/stack.mjs');
const pg = await stack.startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true });
await stack.ensureDatabase(pg.url('postgres'), 'closer');
await createRequire(root + '/')(root + '/dist/libs/db/migrate.js').runMigrations(pg.url('closer'));
await createRequire(root + '/')(root + '/dist/libs/organisation/organisation-seed.js').seedDemoOrganisationAt(pg.url('closer'));
console.log('postgres ready');
// SIGTERM is the outage: stop the server cleanly (a killed wrapper would leave it running).
process.on('SIGTERM', () => void pg.stop().finally(() => process.exit(0)));
setInterval(() => {}, 1 << 30);
`;

/**
 * A PostgreSQL of the test's own, which the test can stop and start again (same data, same port)
 * while the worker and the API keep running against it. Stopping it is a clean shutdown of the
 * server: its process stops the cluster when it gets SIGTERM.
 */
export class OwnPostgres {
  private proc?: RunningProcess;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const dir = mkdtempSync(join(testEnv().tmp, 'own-pg-'));
    // As root, PostgreSQL runs as the \`postgres\` user, which must be able to reach its folder.
    chmodSync(dir, 0o755);
    const pg = new OwnPostgres(join(dir, 'data'), await freePort());
    await pg.up();
    return pg;
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/closer`;
  }

  async up(): Promise<void> {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER, this.dataDir, String(this.port), root], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = new RunningProcess('postgres', child);
    await this.proc.waitForOutput(/postgres ready/, 90_000);
  }

  async down(): Promise<void> {
    await this.proc?.stop();
    this.proc = undefined;
  }

  /** The end of the test: down for good. */
  exit(): Promise<void> {
    return this.down();
  }
}
