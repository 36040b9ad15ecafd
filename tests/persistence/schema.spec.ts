// The migrations are the schema: entities and migrations must describe the same tables.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { testEnv } from '../support/test-env';

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
});
afterAll(() => ds?.destroy());

describe('database schema', () => {
  it('has every migration applied', async () => {
    expect(await ds.showMigrations()).toBe(false);
  });

  it('matches the entities exactly, so `npm run migration:generate` starts from a clean slate', async () => {
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('refuses a report for a case that does not exist and a reporter type the law does not know', async () => {
    const insert = (caseId: string, type: string) =>
      ds.query(
        `INSERT INTO reports (id, case_id, received_at, reporter_type, reporter_name, reporter_email, child_reference, concern)
         VALUES (gen_random_uuid(), $1, now(), $2, 'n', 'e@x.dk', 'c', 'c')`,
        [caseId, type],
      );
    await expect(insert('00000000-0000-4000-8000-000000000000', 'professional')).rejects.toThrow(/FK_reports_case/);
    const [{ id }] = await ds.query(
      `INSERT INTO cases (id, phase, policy_version, opened_at) VALUES (gen_random_uuid(), 'intake', 'p', now()) RETURNING id`,
    );
    await expect(insert(id, 'neighbour')).rejects.toThrow(/CHK_reports_reporter_type/);
  });
});
