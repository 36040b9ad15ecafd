// The work lists answer from indexes: on a moderately seeded read model (20,000 cases, 400,000
// events, inside a transaction that is rolled back), every statement the lists run is explained,
// and none reads tasks, cases or case_events by a sequential scan. The lists run through the built
// services in plain Node (tests/support/work-list-plans.cjs): jest cannot load NestJS's ES modules.
// The latencies at full size are in docs/benchmarks.md.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from '../support/test-env';

it('reads every list from indexes, never by a sequential scan of tasks, cases or case_events', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'support', 'work-list-plans.cjs')], {
    env: { ...process.env, DATABASE_URL: testEnv().databaseUrl },
    maxBuffer: 10 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as { items: number; statements: number; seqScans: { table: string; sql: string }[] };
  expect(result.items).toBeGreaterThan(0);
  expect(result.statements).toBeGreaterThan(10);
  expect(result.seqScans).toEqual([]);
});
