// A case left without a running measure is not forgotten: its coordinator gets a task to close it or
// to record why it continues; closing the case completes that task, and it can be done by hand.
import { randomUUID } from 'node:crypto';
import {
  assignCoordinatorUpdate,
  closeCaseUpdate,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideMeasureEndUpdate,
  decideTriageUpdate,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordUrgencyAssessmentUpdate,
  submitAssessmentUpdate,
} from '../../workflows/contract';
import { caseViewQuery } from '../../workflows/contract';
import { command, driveToDecision, openCase } from '../support/cases';
import { sql } from '../support/database';
import { eventsOfTask } from '../support/task-steps';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('close-or-continue');

const taskRow = async (taskId: string) =>
  (
    await sql<{ kind: string; assignee_id: string; status: string; completed_by: string }>(
      'SELECT kind, assignee_id, status, completed_by FROM tasks WHERE id = $1',
      [taskId],
    )
  )[0];

it('gives the coordinator a close-or-continue task when the assessment finds no measures, done by hand with complete-task', async () => {
  const coordinator = `radgiver-${randomUUID()}`;
  const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: coordinator, teamId: 'team-a' }] });
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: coordinator, childInDanger: false, acuteHelpNeeded: false }],
  });
  await handle.executeUpdate(decideTriageUpdate, { args: [{ actor: coordinator, decision: 'assessment', reason: 'Bekymring' }] });
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });
  const concluded = await command(handle, submitAssessmentUpdate, {
    actor: coordinator,
    conclusion: 'no-measures',
    summary: 'Ingen behov',
  });
  expect(concluded.phase).toBe('decision');
  const task = concluded.openTasks.find((t) => t.kind === 'close-or-continue')!;
  expect(task).toMatchObject({ assignee: 'coordinator', assigneeId: coordinator, status: 'open' });
  await eventually(async () => (await taskRow(task.taskId))?.assignee_id === coordinator, { what: 'the task in the inbox' });

  const done = await command(handle, completeTaskUpdate, {
    actor: coordinator,
    taskId: task.taskId,
    note: 'Fortsætter: ny underretning ventes',
  });
  expect(done.openTasks.some((t) => t.taskId === task.taskId)).toBe(false);
  expect(done.phase).toBe('decision');
  await eventually(async () => (await taskRow(task.taskId))?.status === 'done', { what: 'the task done in the read model' });
  expect(await taskRow(task.taskId)).toMatchObject({ kind: 'close-or-continue', completed_by: coordinator });
  expect((await eventsOfTask(task.taskId)).map((e) => e.type)).toEqual(['task.opened', 'task.completed']);
});

it('gives the coordinator a close-or-continue task when the last measure ends, and closing the case completes it', async () => {
  const coordinator = `radgiver-${randomUUID()}`;
  const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
  await driveToDecision(handle, coordinator);
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });
  const proposed = await handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: coordinator,
        measure: {
          type: 'aflastning',
          ladderStep: 2,
          provider: 'Aflastningen',
          monthlyCost: 5000,
          startDate: new Date().toISOString(),
          plannedEnd: new Date(Date.now() + 3600_000).toISOString(),
          goalIds: ['g1'],
        },
      },
    ],
  });
  const approved = await command(handle, decideApprovalUpdate, {
    actor: 'leder',
    decisionId: proposed.decisionId!,
    approved: true,
    reason: 'ok',
  });
  // While the measure runs, there is nothing to decide.
  expect(approved.openTasks.some((t) => t.kind === 'close-or-continue')).toBe(false);
  const measure = h.client.workflow.getHandle(measureWorkflowId(proposed.measureId!));
  await eventually(async () => (await measure.query(measureViewQuery)).openTasks.length > 0, { what: 'the measure to start' });
  await measure.executeUpdate(decideMeasureEndUpdate, { args: [{ actor: coordinator, decision: 'end', reason: 'Målene er nået' }] });

  const task = await eventually(async () => (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'close-or-continue'), {
    what: 'the close-or-continue task',
  });
  expect(task).toMatchObject({ assignee: 'coordinator', assigneeId: coordinator });
  await eventually(async () => (await taskRow(task.taskId))?.assignee_id === coordinator, { what: 'the task in the inbox' });

  const closed = await command(handle, closeCaseUpdate, { actor: coordinator, reason: 'Målene er nået' });
  expect(closed.phase).toBe('closed');
  expect(closed.openTasks).toEqual([]);
  const events = await eventually(
    async () => {
      const e = await eventsOfTask(task.taskId);
      return e.some((x) => x.type === 'task.completed' || x.type === 'task.cancelled') ? e : undefined;
    },
    { what: 'the task closed with the case' },
  );
  expect(events.map((e) => e.type)).toEqual(['task.opened', 'task.completed']);
  expect(events[1].data).toMatchObject({ decision: 'close' });
  await eventually(async () => (await taskRow(task.taskId))?.status === 'done', { what: 'the task done in the read model' });
});
