// Every open task is tracked exactly once, across continue-as-new and events that reach a run in its
// first activation: each step of each task (reminders, overdue, every escalation) fires once, in order.
// The test server suggests continue-as-new after 40 history events (scripts/test.mjs); harmless
// commands grow the history until the workflow has continued as new (its `runs` grows) with the tasks open.
import { randomUUID } from 'node:crypto';
import type { DeadlineRule, Role } from '../../libs/policy/case-policy';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  assignCoordinatorUpdate,
  caseViewQuery,
  completeFamilyTaskUpdate,
  decideTriageUpdate,
  familyViewQuery,
  familyWorkflowId,
  inquiryReceivedSignal,
  recordChildConversationUpdate,
  recordUrgencyAssessmentUpdate,
  setFamilyCoordinatorUpdate,
  submitAssessmentUpdate,
  type TaskView,
} from '../../workflows/contract';
import { command, openCase } from '../support/cases';
import { eventsOfTask, expectEveryStepOnce, expectStepsInOrder, expectedSteps } from '../support/task-steps';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('tracked-once');

/** Due 30 s after opening (long enough to continue as new first), a reminder early, two escalations after. */
const rule = (first: Role, then: Role = 'head-of-department'): DeadlineRule => ({
  due: { seconds: 30 },
  remindAtFractions: [0.25],
  escalations: [
    { after: { seconds: 0 }, to: first },
    { after: { seconds: 2 }, to: then },
  ],
});

const firstStepAt = (events: { type: string; occurred_at: Date }[], type: string) =>
  new Date(events.find((e) => e.type === type)!.occurred_at).getTime();

it('fires every step of open inquiries and an appointment conflict once, in order, across continue-as-new', async () => {
  const policy = testPolicy({
    inquiryResponse: rule('deputy', 'supervisor'),
    appointmentConflict: rule('supervisor'),
  });
  const familyId = randomUUID();
  // The first inquiry comes with the start: it reaches the run in its very first activation, where
  // handlers run before the tracking of open tasks resumes.
  const family = await h.client.workflow.signalWithStart('familyWorkflow', {
    workflowId: familyWorkflowId(familyId),
    taskQueue: h.taskQueue,
    args: [{ familyId, policy }],
    signal: inquiryReceivedSignal,
    signalArgs: [{ inquiryId: 'phone-0', channel: 'phone', receivedAt: new Date().toISOString() }],
  });
  await family.executeUpdate(setFamilyCoordinatorUpdate, {
    args: [{ actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a', deputyId: 'radgiver-per' }],
  });
  const day = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
  const otherDay = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
  const add = (appointmentId: string, department: string, start: string, end: string) =>
    family.executeUpdate(addAppointmentUpdate, { args: [{ actor: 'sekretaer', appointmentId, department, start, end }] });
  await add('praktik', 'jobcenter', `${day}T09:00:00Z`, `${day}T11:00:00Z`);
  await add('samvaer', 'børn og familie', `${day}T10:00:00Z`, `${day}T12:00:00Z`);

  const before = await family.query(familyViewQuery);
  const inquiry0 = before.openTasks.find((t) => t.kind === 'inquiry-response')!;
  const conflict = before.openTasks.find((t) => t.kind === 'appointment-conflict')!;
  expect(inquiry0).toMatchObject({ subjectId: 'phone-0' });
  expect(conflict).toMatchObject({ subjectId: 'samvaer', assigneeId: 'radgiver-lise' });
  // The first reminder of each fires in the first run.
  await eventually(
    async () =>
      (await eventsOfTask(inquiry0.taskId)).some((e) => e.type === 'task.reminded') &&
      (await eventsOfTask(conflict.taskId)).some((e) => e.type === 'task.reminded'),
    { what: 'the first reminders' },
  );
  const runsBefore = (await family.query(familyViewQuery)).runs;

  // Harmless commands (appointments that clash with nothing) and more inquiries until the family
  // continues as new; the inquiries sent on the way open tasks close to the switch.
  let continuedAt = 0;
  for (let i = 0; i < 40 && !continuedAt; i++) {
    const hour = String(i % 20).padStart(2, '0');
    await add(`moede-${i}`, 'børn og familie', `${otherDay}T${hour}:00:00Z`, `${otherDay}T${hour}:30:00Z`);
    // Every other round, from the first: however soon the switch comes, an inquiry was sent before it.
    if (i % 2 === 0)
      await family.signal(inquiryReceivedSignal, { inquiryId: `sms-${i}`, channel: 'sms', receivedAt: new Date().toISOString() });
    if ((await family.query(familyViewQuery)).runs > runsBefore) continuedAt = Date.now();
  }
  expect(continuedAt).toBeGreaterThan(0);
  await family.signal(inquiryReceivedSignal, { inquiryId: 'letter-x', channel: 'letter', receivedAt: new Date().toISOString() });
  const view = await eventually(
    async () => {
      const v = await family.query(familyViewQuery);
      return v.inquiries.some((i) => i.inquiryId === 'letter-x') ? v : undefined;
    },
    { what: 'the inquiry sent after the switch' },
  );
  // Every task is still open and tracked in the new run, exactly as it was opened.
  const same = ({ taskId, openedAt, dueAt }: TaskView) => expect.objectContaining({ taskId, openedAt, dueAt, status: 'open' });
  expect(view.openTasks).toEqual(expect.arrayContaining([same(inquiry0), same(conflict)]));
  const inquiries = view.openTasks.filter((t) => t.kind === 'inquiry-response');
  expect(inquiries.map((t) => t.subjectId).sort()).toEqual(view.inquiries.map((i) => i.inquiryId).sort());
  expect(inquiries.length).toBeGreaterThanOrEqual(3);

  // Every step of every task, once and in order; the early tasks had steps in both runs.
  const checked: { task: TaskView; rule: DeadlineRule }[] = [
    ...inquiries.map((task) => ({ task, rule: policy.inquiryResponse })),
    { task: conflict, rule: policy.appointmentConflict },
  ];
  for (const { task, rule: r } of checked) await expectEveryStepOnce(task, r, policy.calendar, { what: `every step of ${task.subjectId}` });
  for (const task of [inquiry0, conflict]) {
    const events = await eventsOfTask(task.taskId);
    expect(firstStepAt(events, 'task.reminded')).toBeLessThan(continuedAt);
    expect(firstStepAt(events, 'task.overdue')).toBeGreaterThan(continuedAt);
  }

  // Done: each task closes once, and nothing fired twice on the way.
  for (const task of inquiries)
    await family.executeUpdate(answerInquiryUpdate, { args: [{ actor: 'radgiver-per', inquiryId: task.subjectId! }] });
  const done = await command(family, completeFamilyTaskUpdate, {
    actor: 'radgiver-lise',
    taskId: conflict.taskId,
    note: 'Praktik flyttet',
  });
  expect(done.openTasks).toEqual([]);
  for (const { task, rule: r } of checked) {
    const events = await eventually(
      async () => {
        const e = await eventsOfTask(task.taskId);
        return e.some((x) => x.type === 'task.completed') ? e : undefined;
      },
      { what: `${task.subjectId} completed` },
    );
    expect(events[0].type).toBe('task.opened');
    expect(events.at(-1)!.type).toBe('task.completed');
    expect(events.filter((e) => e.type === 'task.opened' || e.type === 'task.completed')).toHaveLength(2);
    expectStepsInOrder(events, expectedSteps(task, r, policy.calendar));
  }
});

it('fires every step of an open assessment once, in order, across continue-as-new', async () => {
  const policy = testPolicy({
    assessment: {
      due: { seconds: 30 },
      remindAtFractions: [0.25, 0.9],
      escalations: [
        { after: { seconds: 0 }, to: 'supervisor' },
        { after: { seconds: 2 }, to: 'head-of-department' },
      ],
    },
  });
  const { handle } = await openCase(h.client, h.taskQueue, policy);
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: 'radgiver-ib', teamId: 'team-a' }] });
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: 'radgiver-ib', childInDanger: false, acuteHelpNeeded: false }],
  });
  const started = await command(handle, decideTriageUpdate, { actor: 'radgiver-ib', decision: 'assessment', reason: 'Bekymring' });
  const assessment = started.openTasks.find((t) => t.kind === 'assessment')!;
  await eventually(async () => (await eventsOfTask(assessment.taskId)).some((e) => e.type === 'task.reminded'), {
    what: 'the first reminder',
  });
  const runsBefore = (await handle.query(caseViewQuery)).runs;

  // Child conversations are harmless history: the case continues as new with the assessment open.
  let continuedAt = 0;
  for (let i = 0; i < 40 && !continuedAt; i++) {
    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-ib' }] });
    if ((await handle.query(caseViewQuery)).runs > runsBefore) continuedAt = Date.now();
  }
  expect(continuedAt).toBeGreaterThan(0);
  expect((await handle.query(caseViewQuery)).openTasks).toContainEqual(
    expect.objectContaining({ taskId: assessment.taskId, openedAt: assessment.openedAt, dueAt: assessment.dueAt }),
  );

  const events = await expectEveryStepOnce(assessment, policy.assessment, policy.calendar);
  expect(firstStepAt(events, 'task.reminded')).toBeLessThan(continuedAt);
  expect(firstStepAt(events, 'task.overdue')).toBeGreaterThan(continuedAt);

  await handle.executeUpdate(submitAssessmentUpdate, {
    args: [{ actor: 'radgiver-ib', conclusion: 'measures-needed', summary: 'Behov for støtte' }],
  });
  const all = await eventually(
    async () => {
      const e = await eventsOfTask(assessment.taskId);
      return e.some((x) => x.type === 'task.completed') ? e : undefined;
    },
    { what: 'the assessment completed' },
  );
  expect(all.map((e) => e.type)).toEqual([
    'task.opened',
    ...expectedSteps(assessment, policy.assessment, policy.calendar).map((s) => s[0]),
    'task.completed',
  ]);
  expectStepsInOrder(all, expectedSteps(assessment, policy.assessment, policy.calendar));
});
