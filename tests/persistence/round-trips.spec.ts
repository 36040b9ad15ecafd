// The hot paths' round trips to PostgreSQL: a report's intake projection, the inbox and the case
// page each send no more statements than before the SQL moved into repositories (issue 19). They
// run through the built activities and services in plain Node (tests/support/round-trips.cjs):
// jest cannot load NestJS's ES modules.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from '../support/test-env';

/**
 * Statements per path on the code before the repositories (commit 1a44345: the same calls, with
 * that code's constructors), START TRANSACTION and COMMIT included.
 */
const BEFORE = { intake: 19, inbox: 6, casePage: 14 };

it('sends no more statements on the hot paths than before the repositories', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'support', 'round-trips.cjs')], {
    env: { ...process.env, DATABASE_URL: testEnv().databaseUrl },
  });
  const counted = JSON.parse(stdout) as typeof BEFORE;
  expect(counted.intake).toBeLessThanOrEqual(BEFORE.intake);
  expect(counted.inbox).toBeLessThanOrEqual(BEFORE.inbox);
  expect(counted.casePage).toBeLessThanOrEqual(BEFORE.casePage);
});
