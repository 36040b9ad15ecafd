// The audit trail is append-only in PostgreSQL itself: whatever role connects (here the test
// database's superuser, which REVOKE alone would not stop), UPDATE, DELETE and TRUNCATE of
// audit_records fail with the trigger's message and leave the rows as they were.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { testEnv } from '../support/test-env';

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
});
afterAll(() => ds?.destroy());

const APPEND_ONLY = /audit_records is append-only/;

/** Two records of one case, inserted the way AuditService writes them. */
async function twoRecords(caseId: string): Promise<string[]> {
  const rows = (await ds.query(
    `INSERT INTO audit_records (actor_id, actor_role, action, case_id, outcome, out_of_scope, reason, team_id)
     VALUES ($1, 'coordinator', 'case.read', $2, 'allowed', false, NULL, 'team-north'),
            ($1, 'coordinator', 'case.read', $2, 'allowed', true, 'Dækker for en kollega', 'team-north')
     RETURNING id::text AS id`,
    [randomUUID(), caseId],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

const recordsOf = (caseId: string) => ds.query(`SELECT * FROM audit_records WHERE case_id = $1 ORDER BY id`, [caseId]);

it('takes new records, with the time and out-of-scope flag defaulted', async () => {
  const caseId = randomUUID();
  const [id] = (await ds.query(
    `INSERT INTO audit_records (actor_id, actor_role, action, case_id, outcome) VALUES ($1, 'supervisor', 'case.timeline', $2, 'allowed')
     RETURNING id::text AS id, at, out_of_scope`,
    [randomUUID(), caseId],
  )) as { id: string; at: Date; out_of_scope: boolean }[];
  expect(id.out_of_scope).toBe(false);
  expect(Math.abs(id.at.getTime() - Date.now())).toBeLessThan(60_000);
  expect(await recordsOf(caseId)).toHaveLength(1);
});

it('refuses UPDATE, DELETE and TRUNCATE of audit records, and the records stay as they were', async () => {
  const caseId = randomUUID();
  const ids = await twoRecords(caseId);
  const before = await recordsOf(caseId);
  expect(before).toHaveLength(2);

  await expect(ds.query(`UPDATE audit_records SET reason = 'rettet' WHERE case_id = $1`, [caseId])).rejects.toThrow(APPEND_ONLY);
  await expect(ds.query(`UPDATE audit_records SET actor_role = 'head-of-department' WHERE id = $1`, [ids[0]])).rejects.toThrow(
    /UPDATE is not allowed/,
  );
  await expect(ds.query(`DELETE FROM audit_records WHERE id = $1`, [ids[1]])).rejects.toThrow(/DELETE is not allowed/);
  await expect(ds.query(`DELETE FROM audit_records`)).rejects.toThrow(APPEND_ONLY);
  await expect(ds.query(`TRUNCATE audit_records`)).rejects.toThrow(/TRUNCATE is not allowed/);

  expect(await recordsOf(caseId)).toEqual(before);
});

it('stays append-only with ordinary triggers switched off (session_replication_role = replica)', async () => {
  const caseId = randomUUID();
  await twoRecords(caseId);
  const before = await recordsOf(caseId);
  const runner = ds.createQueryRunner();
  try {
    await runner.query(`SET session_replication_role = replica`);
    await expect(runner.query(`DELETE FROM audit_records WHERE case_id = $1`, [caseId])).rejects.toThrow(APPEND_ONLY);
    await expect(runner.query(`TRUNCATE audit_records`)).rejects.toThrow(APPEND_ONLY);
  } finally {
    await runner.query(`RESET session_replication_role`).catch(() => undefined);
    await runner.release();
  }
  expect(await recordsOf(caseId)).toEqual(before);
});

it('refuses an application role that was granted every right on the table just the same', async () => {
  const caseId = randomUUID();
  await twoRecords(caseId);
  const before = await recordsOf(caseId);
  // A role as an installation might give the API: all rights on all tables, no superuser.
  const role = `closer_app_${randomUUID().slice(0, 8)}`;
  await ds.query(`CREATE ROLE ${role} NOLOGIN`);
  await ds.query(`GRANT ALL ON audit_records TO ${role}`);
  await ds.query(`GRANT USAGE ON SEQUENCE audit_records_id_seq TO ${role}`);
  const runner = ds.createQueryRunner();
  try {
    for (const statement of [
      `UPDATE audit_records SET reason = NULL WHERE case_id = '${caseId}'`,
      `DELETE FROM audit_records WHERE case_id = '${caseId}'`,
      `TRUNCATE audit_records`,
    ]) {
      await runner.startTransaction();
      await runner.query(`SET LOCAL ROLE ${role}`);
      await expect(runner.query(statement)).rejects.toThrow(APPEND_ONLY);
      await runner.rollbackTransaction();
    }
    // What it may do: add records and read them.
    await runner.startTransaction();
    await runner.query(`SET LOCAL ROLE ${role}`);
    await runner.query(
      `INSERT INTO audit_records (actor_id, actor_role, action, case_id, outcome) VALUES ($1, 'coordinator', 'case.read', $2, 'allowed')`,
      [randomUUID(), caseId],
    );
    expect(await runner.query(`SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1`, [caseId])).toEqual([{ n: 3 }]);
    await runner.rollbackTransaction();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
    await ds.query(`REVOKE ALL ON audit_records FROM ${role}`);
    await ds.query(`REVOKE ALL ON SEQUENCE audit_records_id_seq FROM ${role}`);
    await ds.query(`DROP ROLE ${role}`);
  }
  expect(await recordsOf(caseId)).toEqual(before);
});

it('refuses a reason over 1000 characters and an unknown outcome', async () => {
  const insert = (reason: string, outcome = 'allowed') =>
    ds.query(
      `INSERT INTO audit_records (actor_id, actor_role, action, case_id, outcome, reason) VALUES ($1, 'coordinator', 'case.read', $2, $3, $4)`,
      [randomUUID(), randomUUID(), outcome, reason],
    );
  await expect(insert('x'.repeat(1001))).rejects.toThrow(/CHK_audit_records_reason_length/);
  await expect(insert('ok', 'maybe')).rejects.toThrow(/CHK_audit_records_outcome/);
  await expect(insert('x'.repeat(1000))).resolves.toBeDefined();
});
