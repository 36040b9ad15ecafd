// One case from report to closure through every phase, with two measures and three follow-ups.
// Every deadline is either met or escalated, and everything shows as events in PostgreSQL.
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  closeCaseUpdate,
  completeAgreedActionUpdate,
  decideApprovalUpdate,
  decideMeasureEndUpdate,
  decideTriageUpdate,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  recordSupervisionVisitUpdate,
  recordUrgencyAssessmentUpdate,
  submitAssessmentUpdate,
  submitPlanUpdate,
} from '../../workflows/contract';
import { caseEvents, openCase, command } from '../support/cases';
import { sql } from '../support/database';
import { bornYearsAgo } from '../support/dates';
import { maybeRecordHistories } from '../support/histories';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('lifecycle');

const day = 24 * 3600 * 1000;
const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

it('takes a case from report to closure through every phase, each deadline met or escalated', async () => {
  // The plan is late on purpose (3 s): its escalation must show; every other deadline is met.
  const policy = testPolicy({ plan: fastRule(3, { escalateEvery: 1 }) });
  const { caseId, handle, report } = await openCase(h.client, h.taskQueue, policy);
  const coordinator = 'radgiver-anna';
  const supervisor = 'teamleder-bo';

  // Intake: receipt, coordinator, the 24-hour assessment and triage.
  await eventually(async () => (await h.mail.messagesTo(report.reporter.email)).length === 1, { what: 'the receipt' });
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: supervisor, coordinatorId: coordinator, teamId: 'team-nord' }] });
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: coordinator, childInDanger: false, acuteHelpNeeded: false }],
  });
  let view = await command(handle, decideTriageUpdate, { actor: coordinator, decision: 'assessment', reason: 'Bekymring for trivsel' });
  expect(view.phase).toBe('assessment');

  // Assessment with the child heard first.
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });
  view = await command(handle, submitAssessmentUpdate, { actor: coordinator, conclusion: 'measures-needed', summary: 'Behov for støtte' });
  expect(view.phase).toBe('decision');

  // Two measures, each after a child conversation and approved by the supervisor.
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });
  const homeSupport = await handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: coordinator,
        measure: {
          type: 'familiebehandling',
          ladderStep: 3,
          provider: 'Familiehuset',
          monthlyCost: 18000,
          startDate: iso(0),
          plannedEnd: iso(365 * day),
          goalIds: ['goal-school'],
        },
      },
    ],
  });
  view = await command(handle, decideApprovalUpdate, {
    actor: supervisor,
    decisionId: homeSupport.decisionId,
    approved: true,
    reason: 'Relevant og proportionalt',
  });
  expect(view.phase).toBe('measures');
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });
  const fosterCare = await handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: coordinator,
        measure: {
          type: 'plejefamilie',
          ladderStep: 5,
          provider: 'Plejefamilien Hansen',
          monthlyCost: 39000,
          startDate: iso(0),
          plannedEnd: iso(365 * day),
          goalIds: [],
          childBirthDate: bornYearsAgo(12),
        },
      },
    ],
  });
  view = await command(handle, decideApprovalUpdate, {
    actor: supervisor,
    decisionId: fosterCare.decisionId,
    approved: true,
    reason: 'Anbringelse nødvendig',
  });
  expect(view.measures).toHaveLength(2);

  // The plan comes late: overdue and escalated first, then written with goals across departments.
  const planTask = view.openTasks.find((t) => t.kind === 'plan')!;
  await eventually(
    async () =>
      (await caseEvents(caseId)).some((e) => e.type === 'task.escalated' && e.data.taskId === planTask.taskId && e.data.level === 2),
    {
      what: 'the plan escalated to the head of department',
    },
  );
  const plan = await handle.executeUpdate(submitPlanUpdate, {
    args: [
      {
        actor: coordinator,
        goals: [
          { goalId: 'goal-school', description: 'Kommer i skole hver dag', ownerDepartment: 'skole', successMeasure: 'Fravær under 5 %' },
          { goalId: 'goal-job', description: 'Mor i praktik', ownerDepartment: 'jobcenter', successMeasure: 'Praktik påbegyndt' },
        ],
      },
    ],
  });
  view = await command(handle, decideApprovalUpdate, {
    actor: supervisor,
    decisionId: plan.decisionId,
    approved: true,
    reason: 'Godkendt',
  });
  expect(view.plan).toMatchObject({ status: 'approved', goalIds: ['goal-school', 'goal-job'] });

  // Three follow-ups: two on the home support, one that stops the placement after tilsyn.
  const home = h.client.workflow.getHandle(measureWorkflowId(homeSupport.measureId!));
  const foster = h.client.workflow.getHandle(measureWorkflowId(fosterCare.measureId!));
  let m = await command(home, recordFollowUpUpdate, {
    actor: coordinator,
    scores: [{ goalId: 'goal-school', score: 4 }],
    decision: 'continue',
    agreedActions: [{ description: 'Praktikplads til mor', owner: 'jobcenter' }],
  });
  const action = m.agreedActions[0];
  m = await command(home, recordFollowUpUpdate, {
    actor: coordinator,
    scores: [{ goalId: 'goal-school', score: 6 }],
    decision: 'adjust',
    agreedActions: [],
    nextFollowUp: { after: { seconds: 90 }, reason: 'Tættere opfølgning' },
  });
  expect(m.followUps[1].actionsNotDone).toEqual([action.actionId]);
  await home.executeUpdate(completeAgreedActionUpdate, { args: [{ actor: 'jobcenter-sara', actionId: action.actionId }] });
  await foster.executeUpdate(recordSupervisionVisitUpdate, { args: [{ actor: coordinator, spokeWithChild: true }] });
  m = await command(foster, recordFollowUpUpdate, { actor: coordinator, scores: [], decision: 'stop', agreedActions: [] });
  expect(m.status).toBe('ended');
  m = await command(home, decideMeasureEndUpdate, { actor: coordinator, decision: 'end', reason: 'Målene er nået' });
  expect(m.status).toBe('ended');

  // Closure, once no measure runs.
  await eventually(async () => (await handle.query(caseViewQuery)).measures.every((x) => x.status === 'ended'), {
    what: 'both measures ended on the case',
  });
  view = await command(handle, closeCaseUpdate, { actor: coordinator, reason: 'Målene er nået' });
  expect(view.phase).toBe('closed');
  expect(await handle.result()).toMatchObject({ caseId, reason: 'Målene er nået' });

  // The read model tells the same story.
  const [kase] = await sql<any>('SELECT phase, closure_reason, coordinator_id, triage_decision, outcome FROM cases WHERE id = $1', [
    caseId,
  ]);
  expect(kase).toMatchObject({
    phase: 'closed',
    closure_reason: 'Målene er nået',
    coordinator_id: coordinator,
    triage_decision: 'assessment',
  });
  expect(kase.outcome.measures).toHaveLength(2);
  // Goal progress from the follow-ups: school went from 4 to 6, so the family came closer to a goal.
  expect(kase.outcome.goalProgress).toEqual([{ goalId: 'goal-school', first: 4, latest: 6 }]);
  expect(kase.outcome.closerToGoals).toBe(1);
  expect(await sql('SELECT goal_id, first_score, latest_score FROM goals WHERE case_id = $1 ORDER BY goal_id', [caseId])).toEqual([
    { goal_id: 'goal-job', first_score: null, latest_score: null },
    { goal_id: 'goal-school', first_score: 4, latest_score: 6 },
  ]);
  const types = (await caseEvents(caseId)).map((e) => e.type);
  for (const t of [
    'case.opened',
    'report.received',
    'mail.sent',
    'receipt.sent',
    'case.coordinator-assigned',
    'urgency-assessment.recorded',
    'triage.decided',
    'child-conversation.held',
    'assessment.submitted',
    'decision.proposed',
    'decision.approved',
    'measure.started',
    'plan.submitted',
    'follow-up.held',
    'agreed-action.not-done-at-meeting',
    'supervision-visit.recorded',
    'measure.ended',
    'case.measure-ended',
    'case.closed',
  ]) {
    expect(types).toContain(t);
  }
  expect(types.filter((t) => t === 'follow-up.held')).toHaveLength(3);
  expect((await sql('SELECT id FROM follow_ups WHERE case_id = $1', [caseId])).length).toBe(3);
  expect(await sql('SELECT status FROM measures WHERE case_id = $1', [caseId])).toEqual([{ status: 'ended' }, { status: 'ended' }]);

  // Every deadline was met, or it was escalated: no task was late without anyone being told.
  const tasks = await sql<any>('SELECT id, kind, status, due_at, completed_at FROM tasks WHERE case_id = $1', [caseId]);
  expect(tasks.length).toBeGreaterThan(10);
  const events = await caseEvents(caseId);
  for (const t of tasks) {
    expect({ kind: t.kind, status: t.status }).toEqual({ kind: t.kind, status: expect.stringMatching(/^(done|cancelled)$/) });
    const late = new Date(t.completed_at).getTime() > new Date(t.due_at).getTime();
    const escalated = events.some((e) => e.type === 'task.escalated' && e.data.taskId === t.id);
    if (late) expect({ kind: t.kind, escalated }).toEqual({ kind: t.kind, escalated: true });
  }
  expect(tasks.find((t) => t.kind === 'plan')).toBeDefined();

  await maybeRecordHistories(h.client, {
    'case-lifecycle.case': handle.workflowId,
    'case-lifecycle.measure-home-support': home.workflowId,
    'case-lifecycle.measure-foster-care': foster.workflowId,
  });
});
