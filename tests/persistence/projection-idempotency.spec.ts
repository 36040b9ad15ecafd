// Activities write the read model idempotently: run any of them twice and nothing changes twice.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createCaseRecordActivities } from '../../activities/case-record.activity';
import { createProjectionActivities } from '../../activities/projection.activity';
import { withoutPersonalData } from '../../activities/support/without-personal-data';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { reportOfConcern } from '../support/cases';
import { DAY } from '../support/dates';
import { testEnv } from '../support/test-env';

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
});
afterAll(() => ds?.destroy());

const snapshot = async (caseId: string) => ({
  cases: await ds.query('SELECT id, phase, next_deadline, escalation_level FROM cases WHERE id = $1', [caseId]),
  reports: await ds.query('SELECT id FROM reports WHERE case_id = $1', [caseId]),
  events: await ds.query('SELECT type, dedupe_key FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]),
  tasks: await ds.query('SELECT id, status, escalation_level FROM tasks WHERE case_id = $1', [caseId]),
  measures: await ds.query('SELECT id, status FROM measures WHERE case_id = $1', [caseId]),
  goals: await ds.query('SELECT goal_id, description FROM goals WHERE case_id = $1', [caseId]),
});

it('records a report and projects a workflow step exactly once however often the activity runs', async () => {
  const { recordReport } = createCaseRecordActivities({ dataSource: ds });
  const { project } = createProjectionActivities({ dataSource: ds });
  const caseId = randomUUID();
  const report = reportOfConcern();
  await recordReport({ caseId, policyVersion: 'p1', report });
  await recordReport({ caseId, policyVersion: 'p1', report });

  const measureId = randomUUID();
  const taskId = randomUUID();
  // A follow-up due in a month, of a measure planned to end in half a year: dates to come whatever day this runs.
  const dueAt = new Date(Date.now() + 30 * DAY);
  const step = {
    caseId,
    case: { phase: 'measures', nextDeadline: dueAt, escalationLevel: 1 },
    tasks: [
      {
        id: taskId,
        measureId,
        kind: 'follow-up',
        assigneeRole: 'coordinator',
        assigneeId: 'r1',
        subjectId: measureId,
        status: 'open',
        openedAt: new Date(),
        dueAt,
        escalationLevel: 1,
        completedAt: null,
        completedBy: null,
      },
    ],
    measures: [
      {
        id: measureId,
        decisionId: randomUUID(),
        type: 'aflastning',
        ladderStep: 2,
        provider: 'x',
        monthlyCost: '1000',
        startDate: new Date(),
        plannedEnd: new Date(Date.now() + 180 * DAY),
        status: 'active',
        endedAt: null,
        endReason: null,
      },
    ],
    goals: [{ goalId: 'g1', description: 'Trives', ownerDepartment: 'skole', successMeasure: 'Fremmøde' }],
    events: [{ eventId: `step:${randomUUID()}`, type: 'task.escalated', actor: 'system', at: new Date().toISOString(), data: { taskId } }],
  };
  await project(step);
  const once = await snapshot(caseId);
  await project(step);
  await project(JSON.parse(JSON.stringify(step))); // as a retry gets it: through JSON
  expect(await snapshot(caseId)).toEqual(once);
  expect(once.reports).toHaveLength(1);
  expect(once.events.map((e: { type: string }) => e.type)).toEqual(['case.opened', 'report.received', 'task.escalated']);
  expect(once.tasks).toEqual([{ id: taskId, status: 'open', escalation_level: 1 }]);
  expect(once.cases[0]).toMatchObject({ phase: 'measures', escalation_level: 1 });
});

it('fails without quoting personal data when the database refuses a write', async () => {
  const { recordReport } = withoutPersonalData(createCaseRecordActivities({ dataSource: ds }));
  const report = reportOfConcern({ reporter: { name: 'Hemmelig Person', email: 'hemmelig@example.dk', type: 'neighbour' as never } });
  const err = await recordReport({ caseId: randomUUID(), policyVersion: 'p1', report }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(
    /^Database error 23514 check_violation in recordReport \(table reports, constraint CHK_reports_reporter_type\)$/,
  );
  expect(JSON.stringify(err)).not.toMatch(/Hemmelig|hemmelig@example/);
});
