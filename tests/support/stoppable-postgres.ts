import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../libs/db/migrate';
import { seedDemoOrganisationAt } from '../../libs/organisation/organisation-seed';
import { freePort, RunningProcess } from './processes';
import { eventually, testEnv } from './test-env';

/**
 * An embedded PostgreSQL (scripts/lib/stack.mjs) that only this test uses, with the migrations
 * applied and the demo organisation seeded, so the test can stop and start it without disturbing any other test file.
 */
export class StoppablePostgres {
  private constructor(
    private readonly proc: RunningProcess,
    readonly port: number,
  ) {}

  /** The migrated database the apps under test are pointed at. */
  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/closer`;
  }

  static async start(): Promise<StoppablePostgres> {
    const port = await freePort();
    // Under the test run's folder, which `npm test` makes reachable for the `postgres` user.
    const dir = mkdtempSync(join(testEnv().tmp, 'own-pg-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must reach its data
    const dataDir = join(dir, 'data');
    const proc = new RunningProcess(
      'own-postgres',
      spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'lib', 'stoppable-postgres.mjs'), dataDir, String(port)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    await proc.waitForOutput(/^ready$/m, 60_000);
    const pg = new StoppablePostgres(proc, port);
    const admin = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE closer');
    await admin.end();
    await runMigrations(pg.url);
    // The people tests sign in as, as `npm test` seeds its own database.
    await seedDemoOrganisationAt(pg.url);
    return pg;
  }

  /** Stops the server (a fast shutdown: open connections are cut) and waits until it is down. */
  async stop(): Promise<void> {
    await this.command('stop', /^stopped$/m);
  }

  /** Starts it again on the same port and data; resolves once it accepts connections. */
  async start(): Promise<void> {
    await this.command('start', /^started$/m);
  }

  async exit(): Promise<void> {
    this.proc.proc.stdin?.write('exit\n');
    const timer = setTimeout(() => this.proc.proc.kill('SIGKILL'), 15_000);
    await this.proc.exited;
    clearTimeout(timer);
  }

  private async command(command: string, answer: RegExp): Promise<void> {
    const before = this.proc.output.length;
    this.proc.proc.stdin?.write(`${command}\n`);
    await eventually(async () => answer.test(this.proc.output.slice(before)), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `postgres to ${command}`,
    });
  }
}
