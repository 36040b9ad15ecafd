// The family's loose ends: an appointment conflict is due before the clash and can be resolved, and a
// change of contact person that cannot move a case says so, keeps saying so, and records it.
import { randomUUID } from 'node:crypto';
import {
  addAppointmentUpdate,
  assignCoordinatorUpdate,
  caseViewQuery,
  completeFamilyTaskUpdate,
  decideTriageUpdate,
  familyViewQuery,
  handoverWorkflowId,
  inquiryReceivedSignal,
  linkChildCaseUpdate,
  recordUrgencyAssessmentUpdate,
  setFamilyCoordinatorUpdate,
} from '../../workflows/contract';
import type { CasePolicy } from '../../libs/policy/case-policy';
import { command, openCase, rejection, startFamily as startFamilyOn } from '../support/cases';
import { sql } from '../support/database';
import { eventsOfTask } from '../support/task-steps';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('family-gaps');
const startFamily = (policy: CasePolicy = testPolicy()) => startFamilyOn(h.client, h.taskQueue, policy);

const familyEvents = (familyId: string, type: string) =>
  sql<{ data: any }>('SELECT data FROM case_events WHERE family_id = $1 AND type = $2 ORDER BY id', [familyId, type]);

it('makes an appointment conflict due no later than the clash, and lets the coordinator resolve it', async () => {
  // The policy gives 120 s; the clash comes in about 90 s, so the task is due by then.
  const policy = testPolicy();
  expect(policy.appointmentConflict.due).toEqual({ seconds: 120 });
  const { familyId, handle } = await startFamily(policy);
  await handle.executeUpdate(setFamilyCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a' }] });
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const praktik = { start: at(90), end: at(150) };
  const samvaer = { start: at(100), end: at(160) };
  await handle.executeUpdate(addAppointmentUpdate, {
    args: [{ actor: 'jobcenter-sara', appointmentId: 'praktik', department: 'jobcenter', ...praktik }],
  });
  const added = await command(handle, addAppointmentUpdate, {
    actor: 'sagsbehandler-bo',
    appointmentId: 'samvaer',
    department: 'børn og familie',
    ...samvaer,
  });
  const conflict = added.openTasks.find((t) => t.kind === 'appointment-conflict')!;
  expect(added.result.openedTaskIds).toEqual([conflict.taskId]);
  expect(conflict).toMatchObject({ assigneeId: 'radgiver-lise', subjectId: 'samvaer' });
  expect(Date.parse(conflict.dueAt)).toBeLessThanOrEqual(Date.parse(praktik.start));
  expect(Date.parse(conflict.dueAt)).toBeLessThan(Date.parse(conflict.openedAt) + 120_000);
  await eventually(
    async () => {
      const [row] = await sql<{ due_at: Date }>('SELECT due_at FROM tasks WHERE id = $1', [conflict.taskId]);
      return row && row.due_at.getTime() <= Date.parse(praktik.start);
    },
    { what: 'the task row due before the clash' },
  );

  // Only an open conflict task is done this way; an inquiry is answered through its own command.
  await handle.signal(inquiryReceivedSignal, { inquiryId: 'sms-1', channel: 'sms', receivedAt: new Date().toISOString() });
  const inquiryTask = await eventually(
    async () => (await handle.query(familyViewQuery)).openTasks.find((t) => t.kind === 'inquiry-response'),
    {
      what: 'the inquiry task',
    },
  );
  expect(
    await rejection(handle.executeUpdate(completeFamilyTaskUpdate, { args: [{ actor: 'radgiver-lise', taskId: inquiryTask.taskId }] })),
  ).toEqual({
    type: 'WrongPhase',
    message: 'a inquiry-response task is done through its own command',
  });

  const resolved = await command(handle, completeFamilyTaskUpdate, {
    actor: 'radgiver-lise',
    taskId: conflict.taskId,
    note: 'Samvær flyttet',
  });
  expect(resolved.openTasks.map((t) => t.kind)).toEqual(['inquiry-response']);
  expect(
    await rejection(handle.executeUpdate(completeFamilyTaskUpdate, { args: [{ actor: 'radgiver-lise', taskId: conflict.taskId }] })),
  ).toMatchObject({
    type: 'InvalidCommand',
  });
  const events = await eventually(
    async () => {
      const e = await eventsOfTask(conflict.taskId);
      return e.some((x) => x.type === 'task.completed') ? e : undefined;
    },
    { what: 'the conflict resolved' },
  );
  expect(events.map((e) => e.type)).toEqual(['task.opened', 'task.completed']);
  expect(events[1].data).toMatchObject({ late: false });
  const [row] = await sql<{ status: string; completed_by: string }>('SELECT status, completed_by FROM tasks WHERE id = $1', [
    conflict.taskId,
  ]);
  expect(row).toEqual({ status: 'done', completed_by: 'radgiver-lise' });
  expect((await familyEvents(familyId, 'appointment.conflict')).map((e) => [e.data.appointmentId, e.data.with])).toEqual([
    ['samvaer', 'praktik'],
  ]);
});

it('reports the cases a handover cannot move (full caseload, closed case) as refused, keeps them on the family and records them', async () => {
  const capped = testPolicy({ caseloadCap: 1 });
  const leaving = `radgiver-${randomUUID()}`;
  const full = `radgiver-${randomUUID()}`;
  const { familyId, handle: family } = await startFamily();

  // One open case that moves with the family, and one closed case of the family.
  const open = await openCase(h.client, h.taskQueue, capped);
  await family.executeUpdate(linkChildCaseUpdate, { args: [{ actor: 'leder', caseId: open.caseId }] });
  await family.executeUpdate(setFamilyCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: leaving, teamId: 'team-a' }] });
  await eventually(async () => (await open.handle.query(caseViewQuery)).coordinatorId === leaving, {
    what: 'the case on the family coordinator',
  });
  const closed = await openCase(h.client, h.taskQueue, testPolicy());
  await closed.handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: leaving, childInDanger: false, acuteHelpNeeded: false }],
  });
  await closed.handle.executeUpdate(decideTriageUpdate, { args: [{ actor: leaving, decision: 'close', reason: 'Ingen bekymring' }] });
  await closed.handle.result();
  await family.executeUpdate(linkChildCaseUpdate, { args: [{ actor: 'leder', caseId: closed.caseId }] });

  // The new coordinator already has as many cases as the policy allows.
  const theirs = await openCase(h.client, h.taskQueue, capped);
  await theirs.handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: full, teamId: 'team-b' }] });

  // The handover reads who holds what from the read model: wait for it to know the family and its cases.
  await eventually(
    async () => {
      const [f] = await sql<{ coordinator_id: string }>('SELECT coordinator_id FROM families WHERE id = $1', [familyId]);
      const linked = await sql('SELECT id FROM cases WHERE family_id = $1', [familyId]);
      return f?.coordinator_id === leaving && linked.length === 2;
    },
    { what: 'the family and its cases in the read model' },
  );

  const handoverId = randomUUID();
  const result = await h.client.workflow.execute('handoverWorkflow', {
    workflowId: handoverWorkflowId(handoverId),
    taskQueue: h.taskQueue,
    args: [{ handoverId, actor: 'leder', fromCoordinatorId: leaving, toCoordinatorId: full, teamId: 'team-b', reason: 'Orlov' }],
  });
  const refused = [
    { caseId: open.caseId, reason: 'CaseloadCapReached' },
    { caseId: closed.caseId, reason: 'the case is closed' },
  ];
  expect(result).toEqual({ families: 1, cases: 0, refused });

  // The family moved; the case that could not move stays with its coordinator, untouched.
  const view = await family.query(familyViewQuery);
  expect(view).toMatchObject({ coordinatorId: full, coordinatorChanges: 1 });
  expect(view.handoverRefusals.map(({ caseId, reason }) => ({ caseId, reason }))).toEqual(refused);
  expect(await open.handle.query(caseViewQuery)).toMatchObject({ coordinatorId: leaving, coordinatorChanges: 0 });
  const notMoved = await eventually(
    async () => {
      const e = await familyEvents(familyId, 'family.case-not-moved');
      return e.length === 2 ? e : undefined;
    },
    { what: 'the refusals recorded' },
  );
  expect(notMoved.map((e) => ({ caseId: e.data.caseId, reason: e.data.reason, to: e.data.to }))).toEqual(
    refused.map((r) => ({ ...r, to: full })),
  );

  // Still visible after the family has continued as new.
  const runs = view.runs;
  const day = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
  for (let i = 0; i < 40 && (await family.query(familyViewQuery)).runs === runs; i++) {
    const hour = String(i % 20).padStart(2, '0');
    await family.executeUpdate(addAppointmentUpdate, {
      args: [{ actor: 'x', appointmentId: `m-${i}`, department: 'sundhed', start: `${day}T${hour}:00:00Z`, end: `${day}T${hour}:30:00Z` }],
    });
  }
  const later = await family.query(familyViewQuery);
  expect(later.runs).toBeGreaterThan(runs);
  expect(later.handoverRefusals.map(({ caseId, reason }) => ({ caseId, reason }))).toEqual(refused);
});
