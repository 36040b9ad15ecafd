// A read-model write that retrying cannot fix is parked in dead_letters and the activity returns,
// so the workflow goes on; one that may pass later (the database busy or away) stays a failure to retry.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { createReadModelActivities } from '../../activities/read-model';
import { withDeadLetters } from '../../activities/support/dead-letters';
import { withoutPersonalData } from '../../activities/support/without-personal-data';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { reportOfConcern } from '../support/cases';
import { testEnv } from '../support/test-env';

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
});
afterAll(() => ds?.destroy());

/** The activities as the worker registers them, run as one attempt of an activity of `workflowId`. */
function inActivity(workflowId: string, { runId = randomUUID(), activityId = '7', attempt = 1 } = {}) {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId }, activityId, attempt } as never);
  const activities = withoutPersonalData(withDeadLetters(ds, createReadModelActivities({ dataSource: ds })));
  return {
    project: (...args: Parameters<typeof activities.project>) => env.run(activities.project, ...args),
    recordReport: (...args: Parameters<typeof activities.recordReport>) => env.run(activities.recordReport, ...args),
  };
}

const deadLetters = (workflowId: string) =>
  ds.query(`SELECT workflow_id, activity, error_code, error_message, input, status, attempts FROM dead_letters WHERE workflow_id = $1`, [
    workflowId,
  ]) as Promise<
    { workflow_id: string; activity: string; error_code: string; error_message: string; input: string; status: string; attempts: number }[]
  >;

it('parks a projection with text that is no uuid (link-child-case "not-a-uuid") and returns, once however often the attempt is repeated', async () => {
  const familyId = randomUUID();
  const workflowId = `family-${familyId}`;
  const step = {
    familyId,
    family: { coordinatorId: 'radgiver-a' },
    linkCases: ['not-a-uuid'],
    events: [{ eventId: `link:${randomUUID()}`, type: 'family.case-linked', actor: 'radgiver-a', at: new Date().toISOString() }],
  };
  const attempt = inActivity(workflowId, { attempt: 3 });
  await expect(attempt.project(step)).resolves.toBeUndefined();
  await expect(attempt.project(step)).resolves.toBeUndefined(); // the same attempt again: its completion got lost

  const parked = await deadLetters(workflowId);
  expect(parked).toHaveLength(1);
  expect(parked[0]).toMatchObject({ workflow_id: workflowId, activity: 'project', error_code: '22P02', status: 'open', attempts: 3 });
  expect(parked[0].error_message).toBe('Database error 22P02 invalid_text_representation in project');
  expect(parked[0].error_message).not.toContain('not-a-uuid');
  expect(JSON.parse(parked[0].input)).toEqual([step]);
  // Nothing of the step was half-written: it was one transaction.
  expect(await ds.query('SELECT id FROM families WHERE id = $1', [familyId])).toEqual([]);
});

it('keeps the input of a step the database refuses outright (a NUL character in a note), so it can be retried', async () => {
  const caseId = randomUUID();
  await inActivity(`case-${caseId}`).recordReport({ caseId, policyVersion: 'p1', report: reportOfConcern() });
  const step = {
    caseId,
    events: [
      {
        eventId: `note:${randomUUID()}`,
        type: 'note.added',
        actor: 'radgiver-b',
        at: new Date().toISOString(),
        data: { note: 'før\u0000efter' },
      },
    ],
  };
  await expect(inActivity(`case-${caseId}`).project(step)).resolves.toBeUndefined();
  const [parked] = await deadLetters(`case-${caseId}`);
  expect(parked).toMatchObject({ activity: 'project', error_code: '22P05', status: 'open' });
  expect(JSON.parse(parked.input)).toEqual([step]);
});

it('parks a report the database refuses (a reporter type the law does not know) without quoting personal data', async () => {
  const caseId = randomUUID();
  const report = reportOfConcern({ reporter: { name: 'Hemmelig Person', email: 'hemmelig@example.dk', type: 'neighbour' as never } });
  await expect(inActivity(`case-${caseId}`).recordReport({ caseId, policyVersion: 'p1', report })).resolves.toBeUndefined();
  const [parked] = await deadLetters(`case-${caseId}`);
  expect(parked).toMatchObject({ activity: 'recordReport', error_code: '23514', status: 'open' });
  expect(parked.error_message).toBe(
    'Database error 23514 check_violation in recordReport (table reports, constraint CHK_reports_reporter_type)',
  );
  expect(parked.error_message).not.toMatch(/Hemmelig|hemmelig@example/);
});

it('leaves a failure that may pass later (a lock not available in time) to be retried, and parks nothing', async () => {
  const caseId = randomUUID();
  await inActivity(`case-${caseId}`).recordReport({ caseId, policyVersion: 'p1', report: reportOfConcern() });
  // A writer that gives up on a lock after 300 ms (SQLSTATE 55P03), while another transaction holds the case row.
  const impatient = await new DataSource({
    ...dataSourceOptions(testEnv().databaseUrl),
    extra: { options: '-c lock_timeout=300' },
  }).initialize();
  const holder = ds.createQueryRunner();
  try {
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    const env = new MockActivityEnvironment({
      workflowExecution: { workflowId: `case-${caseId}`, runId: randomUUID() },
      activityId: '9',
      attempt: 1,
    } as never);
    const { project } = withoutPersonalData(withDeadLetters(impatient, createReadModelActivities({ dataSource: impatient })));
    const err = await env.run(project, { caseId, case: { phase: 'screening' } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Database error 55P03 in project/);
    expect((err as { nonRetryable?: boolean }).nonRetryable).toBe(false);
    expect(await deadLetters(`case-${caseId}`)).toEqual([]);
  } finally {
    await holder.rollbackTransaction().catch(() => undefined);
    await holder.release();
    await impatient.destroy();
  }
});
