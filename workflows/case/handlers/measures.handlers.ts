/**
 * Measures and follow-up: each approved measure runs as its own workflow with its own follow-up
 * clock; it tells the case when it ends, how the plan's goals were scored, and its next deadline.
 * The child's plan is due 3 months after the first measure decision.
 */
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { goalsScoredSignal, measureEndedSignal, measureTasksSignal, measureWorkflowId, type MeasureWorkflowInput } from '../../contract';
import type { CaseContext } from '../case.context';
import { closeOrContinueDue, committeeReviewDue, planDue } from '../case.rules';
import { type CaseDecision, scoreGoals } from '../case.state';

export function installMeasureEnded(c: CaseContext): void {
  const s = c.s;
  c.gate.signal(measureEndedSignal, 'measureEndedSchema', async ({ measureId, reason }) => {
    const m = s.measures.find((x) => x.measureId === measureId);
    if (!m || m.status === 'ended') return;
    m.status = 'ended';
    // Only a measure that rolled its deadlines up has anything to take back.
    if (measureId in s.measureTasks) {
      delete s.measureTasks[measureId];
      c.rollUpChanged();
    }
    const projected = c.projector.project({ events: [c.projector.event('case.measure-ended', 'system', { measureId, reason })] });
    // A case left without a running measure is closed or continued on purpose.
    openCloseOrContinue(c, 'system');
    await projected;
  });
}

export function installGoalsScored(c: CaseContext): void {
  const { s, projector } = c;
  c.gate.signal(goalsScoredSignal, 'goalsScoredSchema', async ({ measureId, scores }) => {
    scoreGoals(s, scores);
    await projector.project({ goalScores: scores, events: [projector.event('goals.scored', 'system', { measureId, scores })] });
  });
}

/** A measure's deadlines count on the case too: its next deadline and escalation level roll up. */
export function installMeasureTasks(c: CaseContext): void {
  const s = c.s;
  c.gate.signal(measureTasksSignal, 'measureTasksSchema', async ({ measureId, nextDeadline, escalationLevel }) => {
    const m = s.measures.find((x) => x.measureId === measureId);
    if (!m || m.status === 'ended') return;
    s.measureTasks[measureId] = { nextDeadline, escalationLevel };
    c.rollUpChanged();
  });
}

/** An approved measure decision: the measure's workflow starts, and the tasks that follow a first measure open. */
export async function startMeasure(c: CaseContext, decision: CaseDecision, actor: string): Promise<void> {
  const { s, policy, tasks } = c;
  const measure = decision.measure!;
  const measureId = decision.measureId!;
  const args: MeasureWorkflowInput = {
    measureId,
    caseId: s.caseId,
    decisionId: decision.decisionId,
    measure,
    policy,
    assessmentOngoing: s.phase === 'assessment',
    coordinatorId: s.coordinatorId,
  };
  // ABANDON: a measure outlives this run of the case workflow when the case continues as new.
  await startChild('measureWorkflow', {
    workflowId: measureWorkflowId(measureId),
    args: [args],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  s.measures.push({ measureId, status: 'active', ladderStep: measure.ladderStep });
  if (s.closeOrContinueTaskId) await tasks.complete(s.closeOrContinueTaskId, actor, { decision: 'new measure', measureId });
  const reviewBy = committeeReviewDue(s, measure.ladderStep, policy, new Date());
  if (reviewBy) {
    const rule = policy.committeeReview;
    tasks.open({ kind: 'committee-review', assignee: 'supervisor', subjectId: measureId, dueAt: reviewBy, rule, actor });
  }
  const planBy = planDue(s, policy, new Date());
  if (planBy) {
    const plan = { kind: 'plan', assignee: 'coordinator', assigneeId: s.coordinatorId, dueAt: planBy, rule: policy.plan, actor } as const;
    s.planTaskId = tasks.open(plan).taskId;
  }
  if (s.phase === 'decision') await c.enterPhase('measures', actor);
}

/** A case with no running measure and nothing waiting: the coordinator closes it or says why it continues. */
export function openCloseOrContinue(c: CaseContext, actor: string): void {
  const { s, policy } = c;
  const dueAt = closeOrContinueDue(s, policy, new Date());
  if (!dueAt) return;
  const task = {
    kind: 'close-or-continue',
    assignee: 'coordinator',
    assigneeId: s.coordinatorId,
    dueAt,
    rule: policy.closeOrContinue,
    actor,
  } as const;
  s.closeOrContinueTaskId = c.tasks.open(task).taskId;
}
