// A measure's tasks belong to the case's coordinator (and move with the case), and their deadlines
// count on the case: a late follow-up raises the case's escalation level and next deadline in its
// view, its read-model row and its search attributes, and they come down again once it is held.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { assignCoordinatorUpdate, caseViewQuery, measureViewQuery, recordFollowUpUpdate } from '../../workflows/contract';
import { command, driveToDecision, openCase, approvedMeasure } from '../support/cases';
import { sql } from '../support/database';
import { expectEveryStepOnce } from '../support/task-steps';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('measure-rollup');

const tasksOfMeasure = (measureId: string) =>
  sql<{ kind: string; assignee_id: string; status: string }>(
    'SELECT kind, assignee_id, status FROM tasks WHERE measure_id = $1 ORDER BY kind, opened_at',
    [measureId],
  );

async function searchAttributesOf(handle: WorkflowHandle) {
  const all = (await handle.describe()).typedSearchAttributes.getAll();
  const nextDeadline = all.find((p) => p.key.name === 'NextDeadline')?.value as Date | undefined;
  return {
    nextDeadline: nextDeadline?.toISOString(),
    escalationLevel: all.find((p) => p.key.name === 'EscalationLevel')?.value as number | undefined,
  };
}

it("gives a measure's tasks to the case's coordinator and rolls a late follow-up up into the case", async () => {
  // Only the measure's follow-up is short: the case's own tasks (plan, read-in) stay far from due.
  const base = testPolicy();
  const policy = testPolicy({
    plan: fastRule(600),
    readIn: fastRule(600),
    measure: {
      ...base.measure,
      firstFollowUp: { seconds: 6 },
      followUp: {
        remindAtFractions: [0.5],
        escalations: [
          { after: { seconds: 0 }, to: 'supervisor' },
          { after: { seconds: 2 }, to: 'head-of-department' },
        ],
      },
    },
  });
  const first = `radgiver-${randomUUID()}`;
  const second = `radgiver-${randomUUID()}`;
  const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
  await driveToDecision(handle, first);
  const { measureId, measure } = await approvedMeasure(h.client, handle, first);

  // The measure's tasks are the coordinator's, in the inbox (tasks table) as in the workflow.
  const rows = await eventually(
    async () => {
      const r = await tasksOfMeasure(measureId);
      return r.length === 2 ? r : undefined;
    },
    { what: "the measure's tasks in the read model" },
  );
  expect(rows).toEqual([
    { kind: 'follow-up', assignee_id: first, status: 'open' },
    { kind: 'measure-end-decision', assignee_id: first, status: 'open' },
  ]);

  // A new coordinator for the case: the measure's open tasks move with it.
  await handle.executeUpdate(assignCoordinatorUpdate, {
    args: [{ actor: 'leder', coordinatorId: second, teamId: 'team-a', reason: 'Omfordeling' }],
  });
  await eventually(async () => (await tasksOfMeasure(measureId)).every((t) => t.assignee_id === second), {
    what: "the measure's tasks to move to the new coordinator",
  });
  expect((await measure.query(measureViewQuery)).openTasks.map((t) => t.assigneeId)).toEqual([second, second]);

  // The follow-up is missed: every step fires, and the case shows the measure's lateness.
  const followUp = (await measure.query(measureViewQuery)).openTasks.find((t) => t.kind === 'follow-up')!;
  await expectEveryStepOnce(followUp, policy.measure.followUp, policy.calendar);
  const late = await eventually(
    async () => {
      const v = await handle.query(caseViewQuery);
      return v.escalationLevel === 2 ? v : undefined;
    },
    { what: "the case's escalation level to follow the measure" },
  );
  expect(late.nextDeadline).toBe(followUp.dueAt);
  // The case's own tasks are not late: the level is the measure's.
  expect(late.openTasks.map((t) => t.escalationLevel)).toEqual(late.openTasks.map(() => 0));
  expect(late.openTasks.every((t) => Date.parse(t.dueAt) > Date.parse(followUp.dueAt))).toBe(true);
  await eventually(
    async () => {
      const [row] = await sql<{ next_deadline: Date; escalation_level: number }>(
        'SELECT next_deadline, escalation_level FROM cases WHERE id = $1',
        [caseId],
      );
      return row.escalation_level === 2 && row.next_deadline?.toISOString() === followUp.dueAt;
    },
    { what: "the case's row to show the measure's lateness" },
  );
  await eventually(
    async () => {
      const a = await searchAttributesOf(handle);
      return a.escalationLevel === 2 && a.nextDeadline === followUp.dueAt;
    },
    { what: "the case's search attributes to show the measure's lateness" },
  );
  const found: string[] = [];
  for await (const wf of h.client.workflow.list({
    query: `WorkflowId = '${handle.workflowId}' AND EscalationLevel >= 2 AND ExecutionStatus = 'Running'`,
  }))
    found.push(wf.workflowId);
  expect(found).toEqual([handle.workflowId]);

  // The meeting is held: the next one is months (here: 120 s) away, and the case is no longer late.
  await command(measure, recordFollowUpUpdate, {
    actor: second,
    scores: [{ goalId: 'g1', score: 5 }],
    decision: 'continue',
    agreedActions: [],
  });
  const next = (await measure.query(measureViewQuery)).openTasks.find((t) => t.kind === 'follow-up')!;
  expect(next.assigneeId).toBe(second);
  const calm = await eventually(
    async () => {
      const v = await handle.query(caseViewQuery);
      return v.escalationLevel === 0 && v.nextDeadline === next.dueAt ? v : undefined;
    },
    { what: "the case's next deadline to be the next follow-up" },
  );
  expect(calm.nextDeadline).toBe(next.dueAt);
  await eventually(
    async () => {
      const [row] = await sql<{ next_deadline: Date; escalation_level: number }>(
        'SELECT next_deadline, escalation_level FROM cases WHERE id = $1',
        [caseId],
      );
      return row.escalation_level === 0 && row.next_deadline?.toISOString() === next.dueAt;
    },
    { what: "the case's row to follow" },
  );
  await eventually(
    async () => {
      const a = await searchAttributesOf(handle);
      return a.escalationLevel === 0 && a.nextDeadline === next.dueAt;
    },
    { what: "the case's search attributes to follow" },
  );
  expect(await tasksOfMeasure(measureId)).toEqual([
    { kind: 'follow-up', assignee_id: second, status: 'done' },
    { kind: 'follow-up', assignee_id: second, status: 'open' },
    { kind: 'measure-end-decision', assignee_id: second, status: 'open' },
  ]);
});
