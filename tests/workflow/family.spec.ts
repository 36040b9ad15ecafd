// The family level: one contact person, inquiries answered in time, appointments that do not collide, handovers.
import { randomUUID } from 'node:crypto';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  assignCoordinatorUpdate,
  caseViewQuery,
  familyViewQuery,
  handoverWorkflowId,
  inquiryReceivedSignal,
  linkChildCaseUpdate,
  setFamilyCoordinatorUpdate,
} from '../../workflows/contract';
import type { CasePolicy } from '../../libs/policy/case-policy';
import { command, openCase, rejection, startFamily as startFamilyOn } from '../support/cases';
import { sql } from '../support/database';
import { DAY, dayFromNow, fromNow, HOUR } from '../support/dates';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('family');
const startFamily = (policy: CasePolicy = testPolicy()) => startFamilyOn(h.client, h.taskQueue, policy);

const familyEvents = (familyId: string) =>
  sql<{ type: string; data: any }>('SELECT type, data FROM case_events WHERE family_id = $1 ORDER BY occurred_at, id', [familyId]);

it('sends an unanswered inquiry to the deputy and then the supervisor, and records the response time', async () => {
  const policy = testPolicy({
    inquiryResponse: {
      due: { seconds: 2 },
      escalations: [
        { after: { seconds: 0 }, to: 'deputy' },
        { after: { seconds: 1 }, to: 'supervisor' },
      ],
    },
  });
  const { familyId, handle } = await startFamily(policy);
  await handle.executeUpdate(setFamilyCoordinatorUpdate, {
    args: [{ actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a', deputyId: 'radgiver-per' }],
  });
  await handle.signal(inquiryReceivedSignal, { inquiryId: 'sms-1', channel: 'sms', receivedAt: new Date().toISOString() });
  const escalated = await eventually(
    async () => {
      const e = (await familyEvents(familyId)).filter((x) => x.type === 'task.escalated');
      return e.length === 2 ? e : undefined;
    },
    // On failure, show what the family recorded and what its workflow holds (this is how a step
    // lost across continue-as-new was found).
    { what: 'deputy, then supervisor', timeoutMs: 60_000 },
  ).catch(async (e: Error) => {
    throw new Error(
      `${e.message}\nevents: ${JSON.stringify(await familyEvents(familyId))}\nstate: ${JSON.stringify(await handle.query(familyViewQuery))}`,
    );
  });
  expect(escalated.map((e) => e.data.to)).toEqual(['deputy', 'supervisor']);
  const view = await command(handle, answerInquiryUpdate, { actor: 'radgiver-per', inquiryId: 'sms-1' });
  expect(view.inquiries[0]).toMatchObject({ inquiryId: 'sms-1', onTime: false });

  await handle.signal(inquiryReceivedSignal, { inquiryId: 'mail-2', channel: 'email', receivedAt: new Date().toISOString() });
  await eventually(async () => (await handle.query(familyViewQuery)).inquiries.length === 2, { what: 'the second inquiry' });
  const answered = await command(handle, answerInquiryUpdate, { actor: 'radgiver-lise', inquiryId: 'mail-2' });
  expect(answered.inquiries[1]).toMatchObject({ onTime: true });
  const rows = await sql<{ kind: string; assignee_id: string; status: string }>(
    'SELECT kind, assignee_id, status FROM tasks WHERE family_id = $1 ORDER BY opened_at',
    [familyId],
  );
  expect(rows).toEqual([
    { kind: 'inquiry-response', assignee_id: 'radgiver-lise', status: 'done' },
    { kind: 'inquiry-response', assignee_id: 'radgiver-lise', status: 'done' },
  ]);
});

it('turns overlapping appointments of different departments into a task for the coordinator', async () => {
  const { familyId, handle } = await startFamily();
  await handle.executeUpdate(setFamilyCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a' }] });
  const add = (appointmentId: string, department: string, start: string, end: string) =>
    command(handle, addAppointmentUpdate, { actor: 'x', appointmentId, department, start, end });
  // The day after tomorrow: always to come, whatever day the suite runs.
  const day = dayFromNow(2);
  await add('samvaer-1', 'børn og familie', `${day}T09:00:00Z`, `${day}T11:00:00Z`);
  await add('netvaerk-1', 'børn og familie', `${day}T10:00:00Z`, `${day}T10:30:00Z`); // same department: its own planning
  await add('tandlaege', 'sundhed', `${day}T11:00:00Z`, `${day}T12:00:00Z`); // back to back: no clash
  const view = await add('praktik-1', 'jobcenter', `${day}T08:00:00Z`, `${day}T09:30:00Z`);
  expect(view.openTasks.filter((t) => t.kind === 'appointment-conflict')).toEqual([
    expect.objectContaining({ assigneeId: 'radgiver-lise', subjectId: 'praktik-1' }),
  ]);
  expect(
    (await familyEvents(familyId)).filter((e) => e.type === 'appointment.conflict').map((e) => [e.data.appointmentId, e.data.with]),
  ).toEqual([['praktik-1', 'samvaer-1']]);
  const next = dayFromNow(3);
  expect(await rejection(add('bad', 'jobcenter', `${next}T10:00:00Z`, `${next}T09:00:00Z`))).toEqual({
    type: 'InvalidCommand',
    message: 'end must be after start',
  });
});

it('refuses an appointment that is already over, and takes one under way or to come (no clash with what is past)', async () => {
  // The product's rule: the family's appointments are kept to catch clashes ahead, so one that has
  // ended is refused (400 naming `end`); one that has begun but not ended still counts.
  const { familyId, handle } = await startFamily();
  await handle.executeUpdate(setFamilyCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a' }] });
  const add = (appointmentId: string, department: string, start: string, end: string) =>
    command(handle, addAppointmentUpdate, { actor: 'x', appointmentId, department, start, end });
  expect(await rejection(add('i-gaar', 'jobcenter', fromNow(-DAY - 2 * HOUR), fromNow(-DAY)))).toEqual({
    type: 'InvalidCommand',
    message: 'end must be in the future: appointments are booked to catch clashes ahead',
  });
  const underWay = await add('i-gang', 'sundhed', fromNow(-HOUR), fromNow(HOUR));
  const ahead = await add('praktik', 'jobcenter', fromNow(30 * 60_000), fromNow(2 * HOUR));
  expect(underWay.appointments.map((a) => a.appointmentId)).toEqual(['i-gang']);
  expect(ahead.appointments.map((a) => a.appointmentId)).toEqual(['i-gang', 'praktik']);
  expect(ahead.openTasks.filter((t) => t.kind === 'appointment-conflict')).toEqual([expect.objectContaining({ subjectId: 'praktik' })]);
  const added = (await familyEvents(familyId)).filter((e) => e.type === 'appointment.added').map((e) => e.data.appointmentId);
  expect(added).toEqual(['i-gang', 'praktik']);
});

it('hands every family and case of a leaving coordinator to another: read-in tasks, changes counted, the family told', async () => {
  const leaving = `radgiver-${randomUUID()}`;
  const next = `radgiver-${randomUUID()}`;
  const { familyId, handle: family } = await startFamily();
  const contactEmail = `familien.${familyId.slice(0, 8)}@example.dk`;
  const siblings = [await openCase(h.client, h.taskQueue, testPolicy()), await openCase(h.client, h.taskQueue, testPolicy())];
  for (const c of siblings) await family.executeUpdate(linkChildCaseUpdate, { args: [{ actor: 'leder', caseId: c.caseId }] });
  await family.executeUpdate(setFamilyCoordinatorUpdate, {
    args: [{ actor: 'leder', coordinatorId: leaving, teamId: 'team-a', contactEmail }],
  });
  const lone = await openCase(h.client, h.taskQueue, testPolicy());
  await lone.handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: leaving, teamId: 'team-a' }] });
  for (const c of siblings)
    await eventually(async () => (await c.handle.query(caseViewQuery)).coordinatorId === leaving, {
      what: 'the siblings on the family coordinator',
    });
  expect(await h.mail.messagesTo(contactEmail)).toHaveLength(0); // the first assignment is not a change

  const handoverId = randomUUID();
  const result = await h.client.workflow.execute('handoverWorkflow', {
    workflowId: handoverWorkflowId(handoverId),
    taskQueue: h.taskQueue,
    args: [{ handoverId, actor: 'leder', fromCoordinatorId: leaving, toCoordinatorId: next, teamId: 'team-b', reason: 'Fratrædelse' }],
  });
  expect(result).toEqual({ families: 1, cases: 1, refused: [] });

  for (const c of [...siblings, lone]) {
    const v = await c.handle.query(caseViewQuery);
    expect(v).toMatchObject({ coordinatorId: next, teamId: 'team-b', coordinatorChanges: 1 });
    expect(v.openTasks.find((t) => t.kind === 'read-in')).toMatchObject({ assigneeId: next });
  }
  expect(await family.query(familyViewQuery)).toMatchObject({ coordinatorId: next, coordinatorChanges: 1 });
  const [told] = await eventually(
    async () => {
      const m = await h.mail.messagesTo(contactEmail);
      return m.length ? m : undefined;
    },
    { what: 'the family told of its new contact' },
  );
  expect(told.subject).toBe('Ny kontaktperson i Børn og Familie');
  expect(told.text).toContain(next);
  const [row] = await sql<any>('SELECT coordinator_id, coordinator_changes FROM families WHERE id = $1', [familyId]);
  expect(row).toEqual({ coordinator_id: next, coordinator_changes: 1 });
  expect(await sql('SELECT id FROM cases WHERE coordinator_id = $1', [leaving])).toEqual([]);
});

it('reports the cases a handover could not move because the new coordinator is full, and leaves them with their coordinator', async () => {
  const policy = testPolicy({ caseloadCap: 1 });
  const leaving = `radgiver-${randomUUID()}`;
  const full = `radgiver-${randomUUID()}`;
  const mine = await openCase(h.client, h.taskQueue, policy);
  await mine.handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: leaving, teamId: 'team-a' }] });
  const theirs = await openCase(h.client, h.taskQueue, policy);
  await theirs.handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: full, teamId: 'team-b' }] });

  const handoverId = randomUUID();
  const result = await h.client.workflow.execute('handoverWorkflow', {
    workflowId: handoverWorkflowId(handoverId),
    taskQueue: h.taskQueue,
    args: [{ handoverId, actor: 'leder', fromCoordinatorId: leaving, toCoordinatorId: full, teamId: 'team-b', reason: 'Orlov' }],
  });
  expect(result).toEqual({ families: 0, cases: 1, refused: [{ caseId: mine.caseId, reason: 'CaseloadCapReached' }] });
  expect(await mine.handle.query(caseViewQuery)).toMatchObject({ coordinatorId: leaving, coordinatorChanges: 0 });
});
