// An action agreed at a follow-up meeting and not done by the next one is carried to the meeting
// after: due again by then (task and read model), reminded and escalated again against that time.
// Done actions stay done.
import { randomUUID } from 'node:crypto';
import { completeAgreedActionUpdate, recordFollowUpUpdate } from '../../workflows/contract';
import { command, driveToDecision, openCase, approvedMeasure } from '../support/cases';
import { sql } from '../support/database';
import { eventsOfTask, expectEveryStepOnce, stepsOf } from '../support/task-steps';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('agreed-actions');

const actionRows = (measureId: string) =>
  sql<{ id: string; status: string; due_at: Date }>('SELECT id, status, due_at FROM agreed_actions WHERE measure_id = $1', [measureId]);
const taskRow = async (taskId: string) =>
  (await sql<{ status: string; due_at: Date }>('SELECT status, due_at FROM tasks WHERE id = $1', [taskId]))[0];

it('carries an action not done to the next meeting, reminds and escalates it again, and leaves done actions done', async () => {
  const base = testPolicy();
  const policy = testPolicy({
    measure: {
      ...base.measure,
      agreedAction: {
        remindAtFractions: [0.5],
        escalations: [
          { after: { seconds: 0 }, to: 'coordinator' },
          { after: { seconds: 1 }, to: 'supervisor' },
        ],
      },
    },
  });
  const coordinator = `radgiver-${randomUUID()}`;
  const { handle } = await openCase(h.client, h.taskQueue, policy);
  await driveToDecision(handle, coordinator);
  const { measureId, measure } = await approvedMeasure(h.client, handle, coordinator);

  // Meeting 1: two actions, the next meeting in 4 s.
  const first = await command(measure, recordFollowUpUpdate, {
    actor: coordinator,
    scores: [{ goalId: 'g1', score: 3 }],
    decision: 'continue',
    agreedActions: [
      { description: 'Samtale med PPR', owner: 'ppr' },
      { description: 'Praktikplads til mor', owner: 'jobcenter' },
    ],
    nextFollowUp: { after: { seconds: 4 }, reason: 'Tæt opfølgning' },
  });
  const [pprAction, jobAction] = first.result.actionIds!;
  const pprTask = first.openTasks.find((t) => t.taskId === pprAction)!;
  expect(pprTask).toMatchObject({ kind: 'agreed-action', assigneeId: 'ppr', dueAt: first.nextFollowUpDueAt });
  await measure.executeUpdate(completeAgreedActionUpdate, { args: [{ actor: 'jobcenter-sara', actionId: jobAction }] });

  // The PPR action is not done by the meeting: reminded, overdue, escalated, each once.
  await expectEveryStepOnce(pprTask, policy.measure.agreedAction, policy.calendar);

  // Meeting 2: the action is carried to meeting 3, 6 s away.
  const second = await command(measure, recordFollowUpUpdate, {
    actor: coordinator,
    scores: [{ goalId: 'g1', score: 4 }],
    decision: 'continue',
    agreedActions: [],
    nextFollowUp: { after: { seconds: 6 }, reason: 'Tæt opfølgning' },
  });
  const newDue = second.nextFollowUpDueAt!;
  expect(second.followUps.at(-1)).toMatchObject({ actionsNotDone: [pprAction], nextDueAt: newDue });
  expect(Date.parse(newDue)).toBeGreaterThan(Date.parse(pprTask.dueAt));
  expect(second.agreedActions.find((a) => a.actionId === pprAction)).toMatchObject({ status: 'open', dueAt: newDue });
  // A done action is shown done, or no longer at all once the measure has continued as new.
  expect(second.agreedActions.filter((a) => a.actionId === jobAction && a.status !== 'done')).toEqual([]);
  expect(second.openTasks.find((t) => t.taskId === pprAction)).toMatchObject({ status: 'open', dueAt: newDue });
  expect(second.openTasks.some((t) => t.taskId === jobAction)).toBe(false);

  const rescheduled = await eventually(async () => (await eventsOfTask(pprAction)).find((e) => e.type === 'task.rescheduled'), {
    what: 'the action rescheduled',
  });
  expect(rescheduled.data).toMatchObject({ taskId: pprAction, dueAt: newDue });
  await eventually(async () => (await taskRow(pprAction))?.due_at.toISOString() === newDue, { what: 'the task row moved' });
  expect(await taskRow(pprAction)).toMatchObject({ status: 'open' });
  await eventually(async () => (await actionRows(measureId)).find((a) => a.id === pprAction)?.due_at.toISOString() === newDue, {
    what: 'the agreed action row moved',
  });

  // Against the new due time: reminded, overdue and escalated again, each once.
  const again = await eventually(
    async () => {
      const e = await eventsOfTask(pprAction);
      const after = e.slice(e.findIndex((x) => x.type === 'task.rescheduled') + 1);
      return stepsOf(after).length >= 4 ? after : undefined;
    },
    { what: 'the second round of steps', timeoutMs: 60_000 },
  );
  const steps = stepsOf(again);
  expect(steps.map(([type, to, level]) => [type, to, level])).toEqual([
    ['task.reminded', 'assignee', 0],
    ['task.overdue', 'assignee', 0],
    ['task.escalated', 'coordinator', 1],
    ['task.escalated', 'supervisor', 2],
  ]);
  expect(steps.slice(1).map((s) => s[3])).toEqual([newDue, newDue, new Date(Date.parse(newDue) + 1000).toISOString()]);
  expect(again.every((e) => e.data.dueAt === newDue)).toBe(true);
  for (const e of again) expect(new Date(e.occurred_at).getTime()).toBeGreaterThanOrEqual(Date.parse(e.data.scheduledFor) - 300);

  // Done now; meeting 3 carries nothing, and both actions stay done.
  await measure.executeUpdate(completeAgreedActionUpdate, { args: [{ actor: 'ppr-ole', actionId: pprAction }] });
  const third = await command(measure, recordFollowUpUpdate, {
    actor: coordinator,
    scores: [{ goalId: 'g1', score: 6 }],
    decision: 'continue',
    agreedActions: [],
  });
  expect(third.followUps.at(-1)!.actionsNotDone).toEqual([]);
  expect(third.agreedActions.filter((a) => a.status !== 'done')).toEqual([]);
  const rows = await eventually(
    async () => {
      const r = await actionRows(measureId);
      return r.every((a) => a.status === 'done') ? r : undefined;
    },
    { what: 'both actions done in the read model' },
  );
  expect(rows).toHaveLength(2);
  expect((await taskRow(jobAction)).status).toBe('done');
  expect((await taskRow(pprAction)).status).toBe('done');
  expect((await eventsOfTask(jobAction)).map((e) => e.type)).toEqual(['task.opened', 'task.completed']);
  expect((await eventsOfTask(pprAction)).filter((e) => e.type === 'task.rescheduled')).toHaveLength(1);
});
