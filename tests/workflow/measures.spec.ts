// Each measure runs with its own clocks: follow-ups, agreed actions, tilsyn, the end decision and turning 18.
import type { WorkflowHandle } from '@temporalio/client';
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  decideTriageUpdate,
  type MeasureDetails,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  recordSupervisionVisitUpdate,
  recordUrgencyAssessmentUpdate,
  submitAssessmentUpdate,
} from '../../workflows/contract';
import type { CasePolicy } from '../../libs/policy/case-policy';
import { caseEvents, openCase, rejection, command } from '../support/cases';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('measures');
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A case whose triage chose an acute measure: the measure runs while the assessment still does. */
async function acuteMeasure(policy: CasePolicy, details: Partial<MeasureDetails> = {}) {
  const c = await openCase(h.client, h.taskQueue, policy);
  await c.handle.executeUpdate(assignCoordinatorUpdate, {
    args: [{ actor: 'leder', coordinatorId: 'radgiver-maja', teamId: 'team-vest' }],
  });
  await c.handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: 'radgiver-maja', childInDanger: true, acuteHelpNeeded: true }],
  });
  await c.handle.executeUpdate(decideTriageUpdate, { args: [{ actor: 'radgiver-maja', decision: 'acute-measure', reason: 'Akut behov' }] });
  await c.handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-maja' }] });
  const measure = {
    type: 'aflastning',
    ladderStep: 3,
    provider: 'Aflastningen',
    monthlyCost: 9000,
    startDate: later(0),
    plannedEnd: later(3600_000),
    goalIds: ['g1'],
    ...details,
  };
  const d = await c.handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver-maja', measure }] });
  await c.handle.executeUpdate(decideApprovalUpdate, {
    args: [{ actor: 'leder', decisionId: d.decisionId, approved: true, reason: 'Akut' }],
  });
  const m: WorkflowHandle = h.client.workflow.getHandle(measureWorkflowId(d.measureId!));
  await eventually(async () => (await m.query(measureViewQuery)).openTasks.length > 0, { what: 'the measure to start' });
  return { ...c, measure: m, measureId: d.measureId! };
}

it('moves the first follow-up to the end of a parallel assessment when that comes before 3 months (BL § 95)', async () => {
  const policy = testPolicy({
    measure: { ...testPolicy().measure, firstFollowUp: { seconds: 3600 }, followUpAfterAssessment: { seconds: 30 } },
  });
  const { handle, measure } = await acuteMeasure(policy);
  const before = await measure.query(measureViewQuery);
  expect(new Date(before.nextFollowUpDueAt!).getTime()).toBeGreaterThan(Date.now() + 3000_000);

  // The child conversation went into the measure decision; the assessment needs its own.
  expect(
    await rejection(
      handle.executeUpdate(submitAssessmentUpdate, { args: [{ actor: 'radgiver-maja', conclusion: 'measures-needed', summary: 'x' }] }),
    ),
  ).toMatchObject({
    type: 'ChildConversationMissing',
  });
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-maja' }] });
  const view = await command(handle, submitAssessmentUpdate, { actor: 'radgiver-maja', conclusion: 'measures-needed', summary: 'x' });
  expect(view.phase).toBe('measures');
  const after = await eventually(
    async () => {
      const v = await measure.query(measureViewQuery);
      return new Date(v.nextFollowUpDueAt!).getTime() < Date.now() + 60_000 ? v : undefined;
    },
    { what: 'the first follow-up to move' },
  );
  expect(after.openTasks.filter((t) => t.kind === 'follow-up')).toHaveLength(1);
});

it('escalates agreed actions not done by the next meeting and shows them there', async () => {
  const policy = testPolicy({
    measure: { ...testPolicy().measure, agreedAction: { escalations: [{ after: { seconds: 0 }, to: 'coordinator' }] } },
  });
  const { caseId, measure } = await acuteMeasure(policy);
  const first = await command(measure, recordFollowUpUpdate, {
    actor: 'radgiver-maja',
    scores: [{ goalId: 'g1', score: 3 }],
    decision: 'continue',
    agreedActions: [{ description: 'Samtale med PPR', owner: 'ppr' }],
    nextFollowUp: { after: { seconds: 2 }, reason: 'Tæt opfølgning i opstarten' },
  });
  const action = first.agreedActions[0];
  expect(action).toMatchObject({ owner: 'ppr', status: 'open' });
  await eventually(
    async () =>
      (await caseEvents(caseId)).some(
        (e) => e.type === 'task.escalated' && e.data.taskId === action.actionId && e.data.to === 'coordinator',
      ),
    {
      what: 'the action escalated at the meeting time',
    },
  );
  const second = await command(measure, recordFollowUpUpdate, {
    actor: 'radgiver-maja',
    scores: [{ goalId: 'g1', score: 5 }],
    decision: 'continue',
    agreedActions: [],
  });
  expect(second.followUps[1]).toMatchObject({ actionsNotDone: [action.actionId], onTime: false });
  expect((await caseEvents(caseId)).filter((e) => e.type === 'agreed-action.not-done-at-meeting').map((e) => e.data.actionId)).toEqual([
    action.actionId,
  ]);
  expect(
    await rejection(
      measure.executeUpdate(recordFollowUpUpdate, {
        args: [{ actor: 'x', scores: [{ goalId: 'g1', score: 11 }], decision: 'continue', agreedActions: [] }],
      }),
    ),
  ).toEqual({
    type: 'InvalidCommand',
    message: 'scores[0].score must be at most 10',
  });
  expect(
    await rejection(
      measure.executeUpdate(recordFollowUpUpdate, { args: [{ actor: 'x', scores: [], decision: 'continue', agreedActions: [] }] }),
    ),
  ).toEqual({
    type: 'InvalidCommand',
    message: 'scores must score goal g1 of the measure',
  });
});

it('gives a placement tilsyn visits, a decision before the planned end and the turning-18 decision in time', async () => {
  const birth = new Date(Date.now() - 18 * 365.25 * 86400_000 + 60_000).toISOString();
  const policy = testPolicy({
    measure: {
      ...testPolicy().measure,
      supervisionVisitInterval: { seconds: 2 },
      endDecisionBefore: { seconds: 3 },
      turning18Before: { seconds: 5 },
    },
  });
  const { caseId, measure } = await acuteMeasure(policy, {
    type: 'plejefamilie',
    ladderStep: 5,
    plannedEnd: later(8000),
    goalIds: [],
    childBirthDate: birth,
  });
  const view = await measure.query(measureViewQuery);
  expect(view.openTasks.map((t) => t.kind).sort()).toEqual(['follow-up', 'measure-end-decision', 'supervision-visit', 'turning-18']);
  const endTask = view.openTasks.find((t) => t.kind === 'measure-end-decision')!;
  expect(new Date(view.plannedEnd).getTime() - new Date(endTask.dueAt).getTime()).toBe(3000);

  // Tilsyn not made in time escalates; recording it opens the next one.
  const visit = view.openTasks.find((t) => t.kind === 'supervision-visit')!;
  await eventually(async () => (await caseEvents(caseId)).some((e) => e.type === 'task.escalated' && e.data.taskId === visit.taskId), {
    what: 'the missed tilsyn escalated',
  });
  const visited = await command(measure, recordSupervisionVisitUpdate, { actor: 'radgiver-maja', spokeWithChild: true });
  expect(visited.supervisionVisits).toBe(1);
  expect(visited.openTasks.filter((t) => t.kind === 'supervision-visit')).toHaveLength(1);

  // Support after 18: decided in time, the task closes; it cannot be decided twice.
  const turning18 = view.openTasks.find((t) => t.kind === 'turning-18')!;
  expect(new Date(turning18.dueAt).getTime()).toBeLessThan(Date.now() + 120_000);
  const decided = await command(measure, decideContinuedSupportUpdate, {
    actor: 'radgiver-maja',
    continuedSupport: true,
    reason: 'Efterværn til 23 år',
  });
  expect(decided.openTasks.some((t) => t.kind === 'turning-18')).toBe(false);
  expect(
    await rejection(measure.executeUpdate(decideContinuedSupportUpdate, { args: [{ actor: 'x', continuedSupport: false, reason: 'x' }] })),
  ).toMatchObject({ type: 'WrongPhase' });

  // Step down the ladder at the end decision: from foster care to network placement, and on.
  const stepped = await command(measure, decideMeasureEndUpdate, {
    actor: 'radgiver-maja',
    decision: 'step-down',
    newLadderStep: 4,
    reason: 'Netværket kan overtage',
  });
  expect(stepped.ladderStep).toBe(4);
  expect(
    await rejection(
      measure.executeUpdate(decideMeasureEndUpdate, { args: [{ actor: 'x', decision: 'step-down', newLadderStep: 6, reason: 'x' }] }),
    ),
  ).toMatchObject({
    type: 'InvalidCommand',
  });
  const ended = await command(measure, decideMeasureEndUpdate, { actor: 'radgiver-maja', decision: 'end', reason: 'Hjemgivelse' });
  expect(ended).toMatchObject({ status: 'ended', openTasks: [] });
  await eventually(async () => (await h.client.workflow.getHandle(`case-${caseId}`).query(caseViewQuery)).measures[0].status === 'ended', {
    what: 'the case to learn the measure ended',
  });
  // The measure's workflow has completed: nothing more can be recorded on it.
  await expect(measure.executeUpdate(recordSupervisionVisitUpdate, { args: [{ actor: 'x', spokeWithChild: true }] })).rejects.toThrow(
    /already completed/,
  );
});

it('puts an urgent placement before the children and youth committee within the deadline (BL § 143), escalating when late', async () => {
  const policy = testPolicy({
    committeeReview: { due: { seconds: 2 }, escalations: [{ after: { seconds: 0 }, to: 'head-of-department' }] },
  });
  const { caseId, handle, measureId } = await acuteMeasure(policy, { type: 'døgninstitution', ladderStep: 6, goalIds: [] });
  const task = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'committee-review')!;
  expect(task).toMatchObject({ assignee: 'supervisor', subjectId: measureId });
  await eventually(
    async () =>
      (await caseEvents(caseId)).some(
        (e) => e.type === 'task.escalated' && e.data.taskId === task.taskId && e.data.to === 'head-of-department',
      ),
    {
      what: 'the late committee review escalated',
    },
  );
  const { openTasks } = await command(handle, completeTaskUpdate, { actor: 'leder', taskId: task.taskId, note: 'Forelagt udvalget' });
  expect(openTasks.some((t) => t.kind === 'committee-review')).toBe(false);
});

it("refuses a follow-up cadence below the policy's minimum, whoever sends it, and keeps the measure running", async () => {
  // The demo and statutory policies set a minimum (7 days, compressed for the demo); here one minute.
  const policy = testPolicy({ measure: { ...testPolicy().measure, minimumFollowUpCadence: { seconds: 60 } } });
  const { measure } = await acuteMeasure(policy);
  const followUp = (after: { seconds: number }) => ({
    actor: 'radgiver-maja',
    scores: [{ goalId: 'g1', score: 4 }],
    decision: 'continue' as const,
    agreedActions: [],
    nextFollowUp: { after, reason: 'Tæt opfølgning' },
  });
  expect(await rejection(measure.executeUpdate(recordFollowUpUpdate, { args: [followUp({ seconds: 5 })] }))).toEqual({
    type: 'InvalidCommand',
    message: 'nextFollowUp.after is shorter than the policy allows',
  });
  const accepted = await command(measure, recordFollowUpUpdate, followUp({ seconds: 90 }));
  expect(accepted.followUps).toHaveLength(1);
});
