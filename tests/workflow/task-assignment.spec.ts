// Tasks given to another person (workflows/support/task-assignment.ts): a task reassigned on a case
// is recorded once (task.assigned, with the previous assignee), its next step goes to the new
// assignee, a repeated command changes nothing twice, bad commands are refused without harming the
// workflow, and the per-task count behind each event's dedupe key survives continue-as-new. A change
// of coordinator (case, family) records each task it moves the same way.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  familyViewQuery,
  familyWorkflowId,
  inquiryReceivedSignal,
  measureViewQuery,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  recordUrgencyAssessmentUpdate,
  setFamilyCoordinatorUpdate,
  type TaskView,
} from '../../workflows/contract';
import { approvedMeasure, driveToDecision, openCase, rejection } from '../support/cases';
import { sql } from '../support/database';
import { eventsOfTask } from '../support/task-steps';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('task-assignment');

const supervisor = DEMO_IDS.supervisorNorth;
const anna = DEMO_IDS.anna;
const mikkel = DEMO_IDS.mikkel;

const assignedEvents = async (taskId: string) => (await eventsOfTask(taskId)).filter((e) => e.type === 'task.assigned');
const rowOf = async (taskId: string) =>
  (await sql<{ assignee_id: string | null; status: string }>('SELECT assignee_id, status FROM tasks WHERE id = $1', [taskId]))[0];

/** A case of Team Nord whose urgency assessment (the only open task) anna holds. */
async function annasCase(policy = testPolicy()) {
  const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: supervisor, coordinatorId: anna, teamId: 'team-north' }] });
  const task = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment') as TaskView;
  expect(task.assigneeId).toBe(anna);
  return { caseId, handle, task };
}

it('gives an open task to another coordinator: recorded once, and its next step goes to them', async () => {
  // Reminder half-way through 20 s: long after the reassignment below.
  const { handle, task } = await annasCase(testPolicy({ urgencyAssessment: fastRule(20) }));
  // The change of coordinator recorded the task as given to anna, from nobody.
  const first = await eventually(async () => (await assignedEvents(task.taskId))[0], { what: 'the task given to anna' });
  expect(first.data).toMatchObject({
    taskId: task.taskId,
    kind: 'urgency-assessment',
    assignee: 'coordinator',
    assigneeId: anna,
    from: null,
    reason: 'coordinator-changed',
    dueAt: task.dueAt,
  });

  const updateId = `reassign-${randomUUID()}`;
  const command = { actor: supervisor, taskId: task.taskId, assigneeId: mikkel, reason: 'Anna er syg' };
  const answer = await handle.executeUpdate(reassignTaskUpdate, { args: [command], updateId });
  // The same command again (a retried request): the first answer, and nothing changes twice.
  expect(await handle.executeUpdate(reassignTaskUpdate, { args: [command], updateId })).toEqual(answer);
  const view = await handle.query(caseViewQuery);
  expect(view.openTasks.find((t) => t.taskId === task.taskId)).toMatchObject({ assigneeId: mikkel, dueAt: task.dueAt });

  const reminded = await eventually(async () => (await eventsOfTask(task.taskId)).find((e) => e.type === 'task.reminded'), {
    what: 'the reminder',
  });
  expect(reminded.data.recipient).toMatchObject({ userId: mikkel, via: 'assignee' });
  const assigned = await assignedEvents(task.taskId);
  expect(assigned.map((e) => [e.data.from, e.data.assigneeId, e.data.reason])).toEqual([
    [null, anna, 'coordinator-changed'],
    [anna, mikkel, 'Anna er syg'],
  ]);
  expect(await rowOf(task.taskId)).toEqual({ assignee_id: mikkel, status: 'open' });
});

it('refuses an unknown, finished or malformed reassignment, and the same assignee, without harming the case', async () => {
  const { handle, task } = await annasCase();
  const reassign = (cmd: Record<string, unknown>) =>
    rejection(handle.executeUpdate(reassignTaskUpdate, { args: [{ actor: supervisor, reason: 'Omfordeling', ...cmd } as never] }));

  expect(await reassign({ taskId: randomUUID(), assigneeId: mikkel })).toMatchObject({ type: 'InvalidCommand' });
  expect(await reassign({ taskId: task.taskId, assigneeId: anna })).toMatchObject({ type: 'AlreadyAssigned' });
  expect(await reassign({ taskId: 'not-a-uuid', assigneeId: mikkel })).toEqual({
    type: 'InvalidCommand',
    message: 'taskId must be a UUID',
  });
  expect(await reassign({ taskId: task.taskId, assigneeId: '' })).toEqual({ type: 'InvalidCommand', message: 'assigneeId is required' });
  expect(await reassign({ taskId: task.taskId, assigneeId: mikkel, reason: '   ' })).toMatchObject({ type: 'InvalidCommand' });
  expect(await reassign({ taskId: task.taskId, assigneeId: mikkel, extra: 1 })).toEqual({
    type: 'InvalidCommand',
    message: 'extra is not a known field',
  });

  // A finished task is refused as done. The case keeps finished tasks until it continues as new
  // (the test server suggests that after 40 events, and these refusals come close): a case that
  // did so in between knows the task no more and refuses it as not open.
  const runsBefore = (await handle.query(caseViewQuery)).runs;
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, { args: [{ actor: anna, childInDanger: false, acuteHelpNeeded: false }] });
  const refusal = await reassign({ taskId: task.taskId, assigneeId: mikkel });
  const done = { type: 'WrongPhase', message: `task ${task.taskId} is done` };
  const notOpen = { type: 'InvalidCommand', message: `taskId ${task.taskId} is not an open task of this case` };
  if ((await handle.query(caseViewQuery)).runs === runsBefore) expect(refusal).toEqual(done);
  else expect([done, notOpen]).toContainEqual(refusal);

  // Nothing was recorded for the refusals, and the case goes on.
  expect(await assignedEvents(task.taskId)).toHaveLength(1);
  const view = await handle.query(caseViewQuery);
  expect(view.urgency).toMatchObject({ childInDanger: false });
  const described = await handle.describe();
  expect(described.status.name).toBe('RUNNING');
});

it('counts assignments across continue-as-new, so no task.assigned event of a later run is lost as a duplicate', async () => {
  const { handle, task } = await annasCase();
  const runsAtStart = (await handle.query(caseViewQuery)).runs;
  let holder = anna;
  let given = 0;
  const giveOnce = async () => {
    const next = holder === anna ? mikkel : anna;
    await handle.executeUpdate(reassignTaskUpdate, {
      args: [{ actor: supervisor, taskId: task.taskId, assigneeId: next, reason: `Omfordeling ${given + 1}` }],
    });
    holder = next;
    given++;
  };
  // Each command grows the history; the test server suggests continuing as new after 40 events.
  while ((await handle.query(caseViewQuery)).runs === runsAtStart) {
    if (given >= 40) throw new Error('the case never continued as new');
    await giveOnce();
  }
  await giveOnce();
  await giveOnce();
  const view = await handle.query(caseViewQuery);
  expect(view.runs).toBeGreaterThan(runsAtStart);
  expect(view.openTasks.find((t) => t.taskId === task.taskId)?.assigneeId).toBe(holder);

  // One event per assignment (and the first, by the change of coordinator), each with the previous holder.
  const assigned = await eventually(
    async () => {
      const e = await assignedEvents(task.taskId);
      return e.length === given + 1 ? e : undefined;
    },
    { what: `${given + 1} task.assigned events` },
  );
  expect(assigned.map((e) => e.data.reason)).toEqual([
    'coordinator-changed',
    ...Array.from({ length: given }, (_, i) => `Omfordeling ${i + 1}`),
  ]);
  for (let i = 1; i < assigned.length; i++) expect(assigned[i].data.from).toBe(assigned[i - 1].data.assigneeId);
  expect((await rowOf(task.taskId)).assignee_id).toBe(holder);
});

it("records a family's tasks given to a new contact person, and reassigns a family task", async () => {
  const familyId = randomUUID();
  const family = await h.client.workflow.signalWithStart('familyWorkflow', {
    workflowId: familyWorkflowId(familyId),
    taskQueue: h.taskQueue,
    args: [{ familyId, policy: testPolicy() }],
    signal: inquiryReceivedSignal,
    signalArgs: [{ inquiryId: 'phone-1', channel: 'phone', receivedAt: new Date().toISOString() }],
  });
  const task = await eventually(async () => (await family.query(familyViewQuery)).openTasks[0], { what: 'the inquiry task' });
  expect(task.assigneeId).toBeUndefined();
  await family.executeUpdate(setFamilyCoordinatorUpdate, {
    args: [{ actor: supervisor, coordinatorId: anna, teamId: 'team-north' }],
  });
  await family.executeUpdate(reassignTaskUpdate, {
    args: [{ actor: supervisor, taskId: task.taskId, assigneeId: mikkel, reason: 'Anna er på kursus' }],
  });
  expect(
    await rejection(
      family.executeUpdate(reassignTaskUpdate, { args: [{ actor: supervisor, taskId: task.taskId, assigneeId: mikkel, reason: 'Igen' }] }),
    ),
  ).toMatchObject({ type: 'AlreadyAssigned' });

  const assigned = await eventually(
    async () => {
      const e = await assignedEvents(task.taskId);
      return e.length === 2 ? e : undefined;
    },
    { what: 'two task.assigned events' },
  );
  expect(assigned.map((e) => [e.data.from, e.data.assigneeId, e.data.reason])).toEqual([
    [null, anna, 'coordinator-changed'],
    [anna, mikkel, 'Anna er på kursus'],
  ]);
  const [event] = await sql<{ family_id: string }>(
    `SELECT family_id FROM case_events WHERE type = 'task.assigned' AND data->>'taskId' = $1 LIMIT 1`,
    [task.taskId],
  );
  expect(event.family_id).toBe(familyId);
  expect((await rowOf(task.taskId)).assignee_id).toBe(mikkel);
});

it("reassigns a measure's task on the measure, moves it with a new case coordinator, and refuses a partner's action", async () => {
  const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
  await driveToDecision(handle, anna, { supervisor, teamId: 'team-north' });
  const { measureId, measure } = await approvedMeasure(h.client, handle, anna);
  const followUp = (await measure.query(measureViewQuery)).openTasks.find((t) => t.kind === 'follow-up')!;
  expect(followUp.assigneeId).toBe(anna);

  await measure.executeUpdate(reassignTaskUpdate, {
    args: [{ actor: supervisor, taskId: followUp.taskId, assigneeId: mikkel, reason: 'Mikkel kender familien' }],
  });
  // The case gets a new coordinator: the measure's open coordinator tasks move to her, recorded as such.
  const freja = DEMO_IDS.freja;
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: DEMO_IDS.head, coordinatorId: freja, teamId: 'team-south' }] });
  const assigned = await eventually(
    async () => {
      const e = await assignedEvents(followUp.taskId);
      return e.length === 2 ? e : undefined;
    },
    { what: "the follow-up moved to the case's new coordinator" },
  );
  expect(assigned.map((e) => [e.data.from, e.data.assigneeId, e.data.reason])).toEqual([
    [anna, mikkel, 'Mikkel kender familien'],
    [mikkel, freja, 'coordinator-changed'],
  ]);
  const [row] = await sql<{ measure_id: string; case_id: string; assignee_id: string }>(
    'SELECT measure_id, case_id, assignee_id FROM tasks WHERE id = $1',
    [followUp.taskId],
  );
  expect(row).toMatchObject({ measure_id: measureId, assignee_id: freja });

  // An agreed action belongs to a partner department: it is not given to a person.
  const { actionIds } = await measure.executeUpdate(recordFollowUpUpdate, {
    args: [
      {
        actor: freja,
        scores: [{ goalId: 'g1', score: 5 }],
        decision: 'continue',
        agreedActions: [{ description: 'Praktikplads', owner: 'partner-jobcenter' }],
      },
    ],
  });
  expect(
    await rejection(
      measure.executeUpdate(reassignTaskUpdate, {
        args: [{ actor: supervisor, taskId: actionIds![0], assigneeId: mikkel, reason: 'Hurtigere' }],
      }),
    ),
  ).toMatchObject({ type: 'WrongPhase' });
  expect((await measure.query(measureViewQuery)).status).toBe('active');
});
