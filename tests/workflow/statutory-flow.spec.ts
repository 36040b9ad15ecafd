// The rest of the statutory flow: return home (hjemgivelse, BL § 100), statutory clocks paused or
// extended only with a supervisor's approval, and follow-ups that move with the case (tilsyn when a
// placement starts or ends, a measure's tasks when it ends, the decision on support after 18).
import type { WorkflowHandle } from '@temporalio/client';
import type { CasePolicy } from '../../libs/policy/case-policy';
import {
  caseViewQuery,
  completeTaskUpdate,
  decideClockChangeUpdate,
  decideMeasureEndUpdate,
  type MeasureDetails,
  measureViewQuery,
  planReturnHomeUpdate,
  recordReturnHomeUpdate,
  recordSupervisionVisitUpdate,
  requestClockChangeUpdate,
  type TaskView,
} from '../../workflows/contract';
import { deadlineSteps } from '../../libs/policy/deadline-schedule';
import { approvedMeasure, caseEvents, command, driveToDecision, type EventRow, openCase, rejection } from '../support/cases';
import { sql } from '../support/database';
import { maybeRecordHistories } from '../support/histories';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('statutory-flow');
const s = (seconds: number) => ({ seconds });
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const COORDINATOR = 'radgiver-sara';

/** A case with a running measure (a foster-family placement unless told otherwise). */
async function runningMeasure(policy: CasePolicy, details: Partial<MeasureDetails> = {}) {
  const c = await openCase(h.client, h.taskQueue, policy);
  await driveToDecision(c.handle, COORDINATOR);
  const m = await approvedMeasure(h.client, c.handle, COORDINATOR, {
    type: 'plejefamilie',
    ladderStep: 5,
    provider: 'Plejefamilien Holm',
    plannedEnd: later(3600_000),
    ...details,
  });
  return { ...c, ...m };
}

const view = (m: WorkflowHandle) => m.query(measureViewQuery);
const openTask = (tasks: TaskView[], kind: string) => tasks.find((t) => t.kind === kind);
async function eventOf(caseId: string, type: string, match: (e: EventRow) => boolean = () => true): Promise<EventRow> {
  return eventually(async () => (await caseEvents(caseId)).find((e) => e.type === type && match(e)), { what: `a ${type} event` });
}

it('takes a placement home (BL § 100): statement and revised plan before the date, then the return-home period with its follow-up, tilsyn stopped', async () => {
  const base = testPolicy();
  const policy = testPolicy({
    measure: {
      ...base.measure,
      returnHome: { ...base.measure.returnHome!, statementBefore: s(4), planRevisionBefore: s(2), period: s(6), followUpAfterReturn: s(3) },
    },
  });
  const { caseId, measure } = await runningMeasure(policy);
  const placed = await view(measure);
  expect(placed.placed).toBe(true);
  expect(openTask(placed.openTasks, 'supervision-visit')).toBeDefined();

  // Bad dates are refused with the field named, and the measure runs on.
  const plan = (plannedReturnDate: string) =>
    measure.executeUpdate(planReturnHomeUpdate, { args: [{ actor: COORDINATOR, plannedReturnDate, reason: 'Forældrene er klar' }] });
  expect(await rejection(plan(later(-1000)))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('plannedReturnDate'),
  });
  expect(await rejection(plan(later(3600_000)))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('further ahead than the policy allows'),
  });
  expect(await rejection(plan('tomorrow'))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('plannedReturnDate'),
  });
  expect(await rejection(measure.executeUpdate(recordReturnHomeUpdate, { args: [{ actor: COORDINATOR }] }))).toMatchObject({
    type: 'WrongPhase',
  });

  const returnDate = new Date(Date.now() + 9000);
  const planned = await command(measure, planReturnHomeUpdate, {
    actor: COORDINATOR,
    plannedReturnDate: returnDate.toISOString(),
    reason: 'Forældrene er klar',
  });
  expect(planned.returnHome).toMatchObject({ status: 'planned', plannedReturnDate: returnDate.toISOString() });
  const statement = openTask(planned.openTasks, 'placement-statement')!;
  const revision = openTask(planned.openTasks, 'plan-revision')!;
  expect(Date.parse(statement.dueAt)).toBe(returnDate.getTime() - 4000);
  expect(Date.parse(revision.dueAt)).toBe(returnDate.getTime() - 2000);
  await eventOf(caseId, 'return-home.planned');
  // The statement from the placement comes in and is marked done; the revised plan is late and escalates.
  const done = await command(measure, completeTaskUpdate, { actor: COORDINATOR, taskId: statement.taskId, note: 'Udtalelse modtaget' });
  expect(openTask(done.openTasks, 'placement-statement')).toBeUndefined();
  await eventOf(caseId, 'task.escalated', (e) => e.data.taskId === revision.taskId);

  // The date comes: the return-home period begins by itself, tilsyn stops, the follow-up falls within the period.
  const started = await eventOf(caseId, 'return-home.started');
  expect(started.actor).toBe('system');
  expect(Date.parse(started.data.returnedAt)).toBeGreaterThanOrEqual(returnDate.getTime());
  const home = await view(measure);
  expect(home).toMatchObject({ placed: false, returnHome: { status: 'returned' } });
  expect(openTask(home.openTasks, 'supervision-visit')).toBeUndefined();
  const periodEnd = Date.parse(home.returnHome!.periodEndsAt!);
  expect(periodEnd - Date.parse(home.returnHome!.returnedAt!)).toBe(6000);
  expect(Date.parse(openTask(home.openTasks, 'follow-up')!.dueAt)).toBeLessThanOrEqual(Date.parse(home.returnHome!.returnedAt!) + 3000);
  expect(Date.parse(openTask(home.openTasks, 'measure-end-decision')!.dueAt)).toBeLessThanOrEqual(periodEnd);
  const cancelled = await eventOf(caseId, 'task.cancelled', (e) => e.data.kind === 'supervision-visit');
  expect(cancelled.data.reason).toMatch(/tilsyn/);
  expect(
    await rejection(measure.executeUpdate(recordSupervisionVisitUpdate, { args: [{ actor: COORDINATOR, spokeWithChild: true }] })),
  ).toMatchObject({ type: 'WrongPhase' });

  // The period ends by itself; the decision on the measure is due by then.
  await eventOf(caseId, 'return-home.period-ended');
  expect((await view(measure)).returnHome!.status).toBe('period-ended');
  const ended = await command(measure, decideMeasureEndUpdate, { actor: COORDINATOR, decision: 'end', reason: 'Hjemgivelsen lykkedes' });
  expect(ended).toMatchObject({ status: 'ended', openTasks: [] });
  await measure.result();
  await maybeRecordHistories(h.client, { 'statutory-flow.measure-return-home': measure.workflowId });
}, 90_000);

it('records a return home the day it happens, withdrawing a clock request on the tilsyn it stops, and refuses it for a child who is not placed', async () => {
  const { caseId, measure } = await runningMeasure(testPolicy());
  await measure.executeUpdate(planReturnHomeUpdate, { args: [{ actor: COORDINATOR, plannedReturnDate: later(300_000), reason: 'Plan' }] });
  // Re-planned to another date: the statement and the revised plan move with it.
  const newDate = new Date(Date.now() + 200_000);
  const replanned = await command(measure, planReturnHomeUpdate, {
    actor: COORDINATOR,
    plannedReturnDate: newDate.toISOString(),
    reason: 'Skolestart',
  });
  expect(replanned.returnHome).toMatchObject({ status: 'planned', plannedReturnDate: newDate.toISOString() });
  expect(Date.parse(openTask(replanned.openTasks, 'placement-statement')!.dueAt)).toBe(newDate.getTime() - 20_000);
  expect(Date.parse(openTask(replanned.openTasks, 'plan-revision')!.dueAt)).toBe(newDate.getTime() - 10_000);
  await eventOf(caseId, 'return-home.re-planned');
  const visit = openTask((await view(measure)).openTasks, 'supervision-visit')!;
  const asked = await command(measure, requestClockChangeUpdate, {
    actor: COORDINATOR,
    taskId: visit.taskId,
    change: 'extend',
    until: new Date(Date.parse(visit.dueAt) + 60_000).toISOString(),
    reasonKind: 'family-circumstances',
    reason: 'Familien er på ferie',
  });
  expect(openTask(asked.openTasks, 'clock-change-approval')).toBeDefined();
  expect(
    await rejection(measure.executeUpdate(recordReturnHomeUpdate, { args: [{ actor: COORDINATOR, returnedAt: later(60_000) }] })),
  ).toMatchObject({ type: 'InvalidCommand', message: expect.stringContaining('returnedAt') });
  const home = await command(measure, recordReturnHomeUpdate, { actor: COORDINATOR });
  expect(home).toMatchObject({ placed: false, returnHome: { status: 'returned' } });
  expect(openTask(home.openTasks, 'supervision-visit')).toBeUndefined();
  // The request on the stopped tilsyn is withdrawn, and the supervisor's approval task with it.
  const withdrawn = await eventOf(caseId, 'task.clock-change-withdrawn');
  expect(withdrawn.data).toMatchObject({ requestId: asked.result.requestId, taskId: visit.taskId, reasonKind: 'family-circumstances' });
  const after = await view(measure);
  expect(after.clockChangeRequests).toEqual([]);
  expect(openTask(after.openTasks, 'clock-change-approval')).toBeUndefined();

  const { measure: support } = await runningMeasure(testPolicy(), { type: 'familiebehandling', ladderStep: 3 });
  expect(
    await rejection(
      support.executeUpdate(planReturnHomeUpdate, { args: [{ actor: COORDINATOR, plannedReturnDate: later(60_000), reason: 'x' }] }),
    ),
  ).toMatchObject({ type: 'WrongPhase' });
}, 90_000);

it('pauses a clock only with a supervisor approval: a refusal changes nothing, the requester cannot approve, an approved pause stops the steps and moves the due time', async () => {
  const base = testPolicy();
  const policy = testPolicy({
    measure: { ...base.measure, firstFollowUp: s(20), followUp: { remindAtFractions: [0.5], escalations: [] } },
  });
  const { caseId, measure } = await runningMeasure(policy, { type: 'familiebehandling', ladderStep: 3 });
  const followUp = openTask((await view(measure)).openTasks, 'follow-up')!;
  const request = (args: Partial<{ taskId: string; change: 'pause' | 'extend'; until: string; reasonKind: string }>) =>
    measure.executeUpdate(requestClockChangeUpdate, {
      args: [
        {
          actor: COORDINATOR,
          taskId: followUp.taskId,
          change: 'pause',
          until: later(6000),
          reasonKind: 'child-unavailable',
          reason: 'Barnet er indlagt',
          ...args,
        } as never,
      ],
    });

  // Bad requests are refused, naming what is wrong.
  expect(await rejection(request({ reasonKind: 'holiday' }))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('reasonKind'),
  });
  expect(await rejection(request({ until: later(-1000) }))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('until'),
  });
  expect(await rejection(request({ until: later(900_000) }))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('longest pause'),
  });
  expect(await rejection(request({ taskId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ type: 'InvalidCommand' });

  // Asked, then refused by the supervisor: nothing moves.
  const asked = await command(measure, requestClockChangeUpdate, {
    actor: COORDINATOR,
    taskId: followUp.taskId,
    change: 'pause',
    until: later(6000),
    reasonKind: 'child-unavailable',
    reason: 'Barnet er indlagt',
  });
  const approval = openTask(asked.openTasks, 'clock-change-approval')!;
  expect(approval).toMatchObject({ assignee: 'supervisor', subjectId: followUp.taskId });
  expect(asked.clockChangeRequests).toEqual([expect.objectContaining({ requestId: asked.result.requestId, change: 'pause' })]);
  expect(await rejection(request({}))).toMatchObject({ type: 'WrongPhase', message: expect.stringContaining('already waiting') });
  const decide = (actor: string, approved: boolean, requestId = asked.result.requestId!) =>
    measure.executeUpdate(decideClockChangeUpdate, { args: [{ actor, requestId, approved, reason: approved ? 'Ok' : 'Nej' }] });
  expect(await rejection(decide(COORDINATOR, true))).toMatchObject({ type: 'WrongPhase', message: expect.stringContaining('four eyes') });
  const refused = await command(measure, decideClockChangeUpdate, {
    actor: 'leder',
    requestId: asked.result.requestId!,
    approved: false,
    reason: 'Nej',
  });
  expect(refused.clockChangeRequests).toEqual([]);
  expect(openTask(refused.openTasks, 'follow-up')).toMatchObject({ dueAt: followUp.dueAt });
  expect(openTask(refused.openTasks, 'follow-up')!.clock).toBeUndefined();
  const refusal = await eventOf(caseId, 'task.clock-change-refused');
  expect(refusal.data).toMatchObject({ taskId: followUp.taskId, reasonKind: 'child-unavailable', change: 'pause' });

  // Asked again and approved: the clock stands still until the pause ends, and the due time moves on by as long.
  const again = await command(measure, requestClockChangeUpdate, {
    actor: COORDINATOR,
    taskId: followUp.taskId,
    change: 'pause',
    until: later(5000),
    reasonKind: 'child-unavailable',
    reason: 'Barnet er indlagt igen',
  });
  const approved = await command(measure, decideClockChangeUpdate, {
    actor: 'leder',
    requestId: again.result.requestId!,
    approved: true,
    reason: 'Ok',
  });
  const paused = openTask(approved.openTasks, 'follow-up')!;
  expect(paused.clock).toMatchObject({ state: 'paused', reasonKind: 'child-unavailable' });
  const pausedAt = await eventOf(caseId, 'task.clock-paused');
  const shift = Date.parse(paused.dueAt) - Date.parse(followUp.dueAt);
  expect(shift).toBe(Date.parse(pausedAt.data.pausedUntil) - pausedAt.occurred_at.getTime());
  expect(shift).toBeGreaterThan(3000);
  const [row] = await sql<{ clock_state: string; due_at: Date }>('SELECT clock_state, due_at FROM tasks WHERE id = $1', [followUp.taskId]);
  expect(row).toMatchObject({ clock_state: 'paused', due_at: new Date(paused.dueAt) });

  // It resumes by itself; the reminder comes only after, at its moved time.
  const resumed = await eventOf(caseId, 'task.clock-resumed', (e) => e.data.taskId === followUp.taskId);
  expect(resumed.occurred_at.getTime()).toBeGreaterThanOrEqual(Date.parse(pausedAt.data.pausedUntil));
  const reminded = await eventOf(caseId, 'task.reminded', (e) => e.data.taskId === followUp.taskId);
  expect(reminded.occurred_at.getTime()).toBeGreaterThan(resumed.occurred_at.getTime());
  const [planned] = deadlineSteps(new Date(followUp.openedAt), new Date(followUp.dueAt), policy.measure.followUp, policy.calendar);
  expect(Date.parse(reminded.data.scheduledFor)).toBe(Date.parse(planned.at) + shift);
  expect(openTask((await view(measure)).openTasks, 'follow-up')!.clock).toMatchObject({ state: 'resumed' });
  const steps = (await caseEvents(caseId)).filter(
    (e) => e.data?.taskId === followUp.taskId && ['task.reminded', 'task.overdue', 'task.escalated'].includes(e.type),
  );
  expect(steps.filter((e) => e.occurred_at < resumed.occurred_at)).toEqual([]);
  await measure.executeUpdate(decideMeasureEndUpdate, { args: [{ actor: COORDINATOR, decision: 'end', reason: 'Afsluttet' }] });
  await measure.result();
  await maybeRecordHistories(h.client, { 'statutory-flow.measure-clock-paused': measure.workflowId });
}, 90_000);

it("extends a case task's due time with approval, shown on the task and its row", async () => {
  const { caseId, handle } = await runningMeasure(testPolicy(), { type: 'familiebehandling', ladderStep: 3 });
  const plan = openTask((await handle.query(caseViewQuery)).openTasks, 'plan')!;
  const until = new Date(Date.parse(plan.dueAt) + 60_000).toISOString();
  const extend = (u: string) =>
    handle.executeUpdate(requestClockChangeUpdate, {
      args: [
        { actor: COORDINATOR, taskId: plan.taskId, change: 'extend', until: u, reasonKind: 'awaiting-external-statement', reason: 'PPR' },
      ],
    });
  expect(await rejection(extend(new Date(Date.parse(plan.dueAt) - 1000).toISOString()))).toMatchObject({
    type: 'InvalidCommand',
    message: expect.stringContaining('after the current due time'),
  });
  expect(await rejection(extend(new Date(Date.parse(plan.dueAt) + 3600_000).toISOString()))).toMatchObject({ type: 'InvalidCommand' });
  const asked = await handle.executeUpdate(requestClockChangeUpdate, {
    args: [{ actor: COORDINATOR, taskId: plan.taskId, change: 'extend', until, reasonKind: 'awaiting-external-statement', reason: 'PPR' }],
  });
  // The approval task cannot itself be paused.
  const approvalTask = openTask((await handle.query(caseViewQuery)).openTasks, 'clock-change-approval')!;
  expect(
    await rejection(
      handle.executeUpdate(requestClockChangeUpdate, {
        args: [{ actor: COORDINATOR, taskId: approvalTask.taskId, change: 'pause', until: later(5000), reasonKind: 'other', reason: 'x' }],
      }),
    ),
  ).toMatchObject({ type: 'InvalidCommand' });
  const after = await command(handle, decideClockChangeUpdate, {
    actor: 'leder',
    requestId: asked.requestId!,
    approved: true,
    reason: 'Ok',
  });
  const extended = openTask(after.openTasks, 'plan')!;
  expect(extended).toMatchObject({ dueAt: until, clock: { state: 'extended', reasonKind: 'awaiting-external-statement' } });
  expect(openTask(after.openTasks, 'clock-change-approval')).toBeUndefined();
  const e = await eventOf(caseId, 'task.clock-extended');
  expect(e.data).toMatchObject({ taskId: plan.taskId, previousDueAt: plan.dueAt, dueAt: until, reasonKind: 'awaiting-external-statement' });
  await eventually(
    async () => {
      const [row] = await sql<{ clock_state: string; clock_changed_at: Date | null }>(
        'SELECT clock_state, clock_changed_at FROM tasks WHERE id = $1',
        [plan.taskId],
      );
      return row?.clock_state === 'extended' && row.clock_changed_at !== null;
    },
    { what: 'the extended clock on the task row' },
  );
}, 90_000);

it('moves follow-ups with the case: tilsyn with a placement, stopped when it is left, everything cancelled when a measure ends, support after 18 at 17½', async () => {
  const base = testPolicy();
  const policy = testPolicy({ measure: { ...base.measure, turning18Before: { calendarMonths: 6 } } });
  // A child turning 18 in 7 months: the decision on support after 18 is due at 17½, a month from now.
  const eighteenth = new Date();
  eighteenth.setUTCMonth(eighteenth.getUTCMonth() + 7);
  const birth = new Date(eighteenth);
  birth.setUTCFullYear(birth.getUTCFullYear() - 18);
  const { caseId, handle, measure, measureId } = await runningMeasure(policy, {
    childBirthDate: birth.toISOString(),
    plannedEnd: later(60_000_000),
  });
  const started = await view(measure);
  expect(started.openTasks.map((t) => t.kind).sort()).toEqual(['follow-up', 'measure-end-decision', 'supervision-visit', 'turning-18']);
  const turning18 = openTask(started.openTasks, 'turning-18')!;
  const halfYearBefore = new Date(eighteenth);
  halfYearBefore.setUTCMonth(halfYearBefore.getUTCMonth() - 6);
  expect(Math.abs(Date.parse(turning18.dueAt) - halfYearBefore.getTime())).toBeLessThan(2 * 86400_000);

  // Stepped down from foster care to a support measure: the placement is left and tilsyn stops.
  const stepped = await command(measure, decideMeasureEndUpdate, {
    actor: COORDINATOR,
    decision: 'step-down',
    newLadderStep: 3,
    reason: 'Hjem med støtte',
  });
  expect(stepped).toMatchObject({ ladderStep: 3, placed: false });
  expect(openTask(stepped.openTasks, 'supervision-visit')).toBeUndefined();
  const stop = await eventOf(caseId, 'task.cancelled', (e) => e.data.kind === 'supervision-visit');
  expect(stop.data.reason).toMatch(/left placement/);

  // The measure ends: its follow-up, end decision and turning-18 tasks are cancelled, and the case's next deadline is its own again.
  const caseBefore = await handle.query(caseViewQuery);
  const ownNext = caseBefore.openTasks.map((t) => t.dueAt).sort()[0];
  const ended = await command(measure, decideMeasureEndUpdate, { actor: COORDINATOR, decision: 'end', reason: 'Målene er nået' });
  expect(ended.openTasks).toEqual([]);
  const cancelled = (
    await eventually(
      async () => {
        const c = (await caseEvents(caseId)).filter((e) => e.type === 'task.cancelled' && e.data.reason === 'measure ended');
        return c.length >= 2 ? c : undefined;
      },
      { what: "the measure's tasks cancelled" },
    )
  ).map((e) => e.data.kind);
  expect(cancelled.sort()).toEqual(['follow-up', 'turning-18']);
  const caseAfter = await eventually(
    async () => {
      const v = await handle.query(caseViewQuery);
      return v.measures.find((m) => m.measureId === measureId)?.status === 'ended' ? v : undefined;
    },
    { what: 'the case to learn the measure ended' },
  );
  const open = caseAfter.openTasks.map((t) => t.dueAt).sort();
  expect(caseAfter.nextDeadline).toBe(open[0] ?? undefined);
  expect(ownNext).toBeDefined();
}, 90_000);
