/**
 * The rules of a child case (Barnets Lov; PRODUCT.md section 2) as pure functions: which commands the
 * case takes in its state, and when each of its deadlines falls. A rule returns the first refusal
 * that applies (its type and the message the API passes on) or nothing; the workflow refuses the
 * command with it (support/validation.ts). No Temporal imports: the time comes as `now`.
 */
import type { CasePolicy, DeadlineRule, Span } from '../../libs/policy/case-policy';
import { addSpan, dueAfter, subtractSpan } from '../../libs/policy/deadline-schedule';
import {
  type ApprovalCommand,
  type AssignCoordinatorCommand,
  type CasePhase,
  CommandRejection,
  type MeasureDetails,
  type PlanCommand,
  type ReassessmentCommand,
  type ReportOfConcern,
  type TaskKind,
  type TriageCommand,
  type TriageDecision,
} from '../contract';
import { firstRefusal, invalid, refuse, type Verdict, wrongPhase } from '../support/refusal';
import type { CaseState } from './case.state';

/** Measure decisions that may wait for approval at once: more is a mistake, not a case. */
export const PENDING_MEASURES_MAX = 10;

// ---------------------------------------------------------------------------------------------
// Refusals shared by the commands

export function caseOpen(s: CaseState): Verdict {
  return s.phase === 'closed' ? wrongPhase('the case is closed') : undefined;
}

export function inPhase(s: CaseState, phases: CasePhase[], what: string): Verdict {
  return phases.includes(s.phase) ? undefined : wrongPhase(`${what} is not possible in phase ${s.phase}`);
}

/** A decision needs the child heard since the last one (BL § 5). */
export function childHeard(s: CaseState, what: string): Verdict {
  if (s.childHeardSinceDecision) return undefined;
  return refuse(
    CommandRejection.ChildConversationMissing,
    `${what} needs a child conversation (børnesamtale) or a recorded exception first`,
  );
}

/** Closing while a report waits would cancel its 24-hour assessment: every report is assessed first. */
export function reportsSettled(s: CaseState): Verdict {
  // A report leaves the inbox once it is recorded and its urgency task is open.
  if (s.inbox.length > 0) return wrongPhase('a new report is being recorded; assess it before the case closes');
  const waiting = s.reports.find((r) => !r.urgencyAssessed);
  if (waiting) return wrongPhase(`report ${waiting.reportId} is waiting for its urgency assessment`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The commands

export function assignCoordinatorRefusal(s: CaseState, { coordinatorId }: Pick<AssignCoordinatorCommand, 'coordinatorId'>): Verdict {
  return firstRefusal(
    () => caseOpen(s),
    () =>
      coordinatorId === s.coordinatorId
        ? refuse(CommandRejection.AlreadyAssigned, `coordinatorId ${coordinatorId} already has the case`)
        : undefined,
  );
}

export function urgencyAssessmentRefusal(s: CaseState): Verdict {
  return firstRefusal(
    () => caseOpen(s),
    () => (s.reports.some((r) => !r.urgencyAssessed) ? undefined : wrongPhase('no report is waiting for an urgency assessment')),
  );
}

/** From intake: close, screen, assess or act at once; from screening: close or assess. */
export function triageRefusal(s: CaseState, { decision }: Pick<TriageCommand, 'decision'>): Verdict {
  const allowed: TriageDecision[] = s.phase === 'intake' ? ['close', 'screening', 'assessment', 'acute-measure'] : ['close', 'assessment'];
  return firstRefusal(
    () => inPhase(s, ['intake', 'screening'], 'A triage decision'),
    () => (allowed.includes(decision) ? undefined : invalid(`decision must be one of ${allowed.join(', ')}`)),
    () => (s.phase === 'intake' && !s.urgency ? wrongPhase('the urgency assessment must be recorded before triage') : undefined),
    () => (decision === 'close' ? reportsSettled(s) : undefined),
  );
}

/** What an accepted triage decision leads to: an acute measure starts the assessment alongside it. */
export function triageNext(decision: TriageDecision): 'close' | 'screening' | 'assessment' {
  return decision === 'close' || decision === 'screening' ? decision : 'assessment';
}

export function assessmentRefusal(s: CaseState): Verdict {
  return firstRefusal(
    () => inPhase(s, ['assessment'], 'Submitting the assessment'),
    () => childHeard(s, 'The assessment'),
  );
}

/** Rules of a measure beyond its schema: dates in order. */
export function measureDetailsRefusal(m: Pick<MeasureDetails, 'startDate' | 'plannedEnd'>): Verdict {
  return Date.parse(m.plannedEnd) <= Date.parse(m.startDate) ? invalid('measure.plannedEnd must be after measure.startDate') : undefined;
}

/** A measure is proposed in the decision or measures phase, or at once when triage chose an acute measure. */
export function measureProposalRefusal(s: CaseState, { measure }: { measure: MeasureDetails }): Verdict {
  const acute = s.phase === 'assessment' && s.triage?.decision === 'acute-measure';
  const pending = s.decisions.filter((d) => d.kind === 'measure' && d.status === 'pending').length;
  return firstRefusal(
    () => caseOpen(s),
    () => (acute ? undefined : inPhase(s, ['decision', 'measures'], 'Proposing a measure')),
    () => measureDetailsRefusal(measure),
    () => (pending >= PENDING_MEASURES_MAX ? wrongPhase(`${PENDING_MEASURES_MAX} measures already wait for approval`) : undefined),
    () => childHeard(s, 'A measure decision'),
  );
}

export function planRefusal(s: CaseState, { goals }: Pick<PlanCommand, 'goals'>): Verdict {
  return firstRefusal(
    () => inPhase(s, ['decision', 'measures'], 'Submitting the plan'),
    () => (s.decisions.some((d) => d.kind === 'measure') ? undefined : wrongPhase('the plan follows a measure decision')),
    () =>
      s.decisions.some((d) => d.kind === 'plan' && d.status === 'pending')
        ? wrongPhase('a plan is already waiting for approval')
        : undefined,
    () => {
      const i = goals.findIndex((g, at) => goals.findIndex((o) => o.goalId === g.goalId) !== at);
      return i < 0 ? undefined : invalid(`goals[${i}].goalId ${goals[i].goalId} is used twice`);
    },
  );
}

/** A decision is approved or refused by someone other than the one who proposed it (four eyes). */
export function approvalRefusal(s: CaseState, { actor, decisionId }: Pick<ApprovalCommand, 'actor' | 'decisionId'>): Verdict {
  const d = s.decisions.find((x) => x.decisionId === decisionId);
  return firstRefusal(
    () => caseOpen(s),
    () => (d ? undefined : invalid(`decisionId ${decisionId} is not a decision of this case`)),
    () => (d!.status !== 'pending' ? wrongPhase(`decision ${decisionId} is already ${d!.status}`) : undefined),
    () =>
      d!.proposedBy === actor ? wrongPhase('a decision is approved by someone other than the one who proposed it (four eyes)') : undefined,
  );
}

/** A new report on a child with a measure is re-assessed by someone new to the case (BL § 137). */
export function reassessmentRefusal(
  s: CaseState,
  { actor, taskId, childConversationHeld }: Pick<ReassessmentCommand, 'actor' | 'taskId' | 'childConversationHeld'>,
): Verdict {
  const task = s.tasks[taskId];
  const report = task && s.reports.find((r) => r.reportId === task.subjectId);
  return firstRefusal(
    () => caseOpen(s),
    () => (task?.kind === 'reassessment' && task.status === 'open' ? undefined : invalid(`taskId ${taskId} is not an open re-assessment`)),
    () =>
      s.actorsOnCase.includes(actor) || actor === s.coordinatorId
        ? refuse(CommandRejection.NotNewToCase, `${actor} has worked on the case; a re-assessment needs someone new to it (BL § 137)`)
        : undefined,
    () =>
      report?.concernsAbuse && childConversationHeld !== true
        ? refuse(CommandRejection.ChildConversationMissing, 'a report about abuse is re-assessed with a child conversation')
        : undefined,
  );
}

export function closeCaseRefusal(s: CaseState): Verdict {
  return firstRefusal(
    () => inPhase(s, ['decision', 'measures'], 'Closing the case'),
    () => (s.measures.some((m) => m.status === 'active') ? wrongPhase('measures are still running: end them first') : undefined),
    () => (s.decisions.some((d) => d.status === 'pending') ? wrongPhase('a decision is waiting for approval') : undefined),
    () => reportsSettled(s),
  );
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/** The urgency assessment: within 24 clock hours of the report (BL § 136). */
export function urgencyAssessmentDue(policy: CasePolicy, receivedAt: Date): Date {
  return dueAfter(receivedAt, policy.urgencyAssessment, policy.calendar);
}

/** A report on a child with a running measure is re-assessed too (BL § 137). */
export function reassessmentDue(policy: CasePolicy, receivedAt: Date): Date {
  return dueAfter(receivedAt, policy.reassessment, policy.calendar);
}

/** Professionals always get a receipt (BL § 136); citizens when the local policy says so. */
export function receiptWanted(policy: CasePolicy, report: Pick<ReportOfConcern, 'reporter'>): boolean {
  return report.reporter.type === 'professional' || policy.receipt.sendToCitizens;
}

/** The receipt: within 6 weekdays of the report (BL § 136). */
export function receiptDeadline(policy: CasePolicy, receivedAt: Date): Date {
  return addSpan(receivedAt, policy.receipt.deadline, policy.calendar);
}

/** Policies recorded before `receipt.manualTaskBefore` existed ask the coordinator this long before the deadline. */
const MANUAL_RECEIPT_TASK_BEFORE: Span = { weekdays: 2 };

/**
 * When a receipt's deadline comes at risk: `manualTaskBefore` before it. Weekdays cannot be counted
 * back from an instant, but a deadline in weekdays less some weekdays is a count forward from the
 * report; weekdays before a deadline of another kind are taken as calendar days, a weekend more.
 */
export function receiptAtRisk(policy: CasePolicy, receivedAt: Date, deadline: Date): Date {
  const span = policy.receipt.deadline;
  const before = policy.receipt.manualTaskBefore ?? MANUAL_RECEIPT_TASK_BEFORE;
  if (!('weekdays' in before)) return subtractSpan(deadline, before, policy.calendar);
  if (!('weekdays' in span)) return subtractSpan(deadline, { calendarDays: before.weekdays + 2 }, policy.calendar);
  const left = span.weekdays - before.weekdays;
  return left >= 1 ? addSpan(receivedAt, { weekdays: left }, policy.calendar) : receivedAt;
}

/** The child-welfare assessment: 4 calendar months from the day the municipality became aware (BL § 20). */
export function assessmentDue(policy: CasePolicy, awareSince: Date): Date {
  return dueAfter(awareSince, policy.assessment, policy.calendar);
}

/** The preliminary assessment, when the assessment's deadline has passed. */
export function preliminaryAssessmentDue(policy: CasePolicy, now: Date): Date {
  return dueAfter(now, policy.preliminaryAssessment, policy.calendar);
}

/** A decision's four-eyes approval. */
export function approvalDue(policy: CasePolicy, now: Date): Date {
  return dueAfter(now, policy.approval, policy.calendar);
}

/** Barnets plan: 3 months after the first measure decision (BL §§ 91–92), unless one is approved or due. */
export function planDue(s: CaseState, policy: CasePolicy, now: Date): Date | undefined {
  if (s.planTaskId || s.plan?.status === 'approved') return undefined;
  return dueAfter(now, policy.plan, policy.calendar);
}

/** An urgent placement goes before the children and youth committee within 7 days (BL § 143). */
export function committeeReviewDue(s: CaseState, ladderStep: number, policy: CasePolicy, now: Date): Date | undefined {
  if (s.triage?.decision !== 'acute-measure' || ladderStep < policy.measure.placementFromStep) return undefined;
  return dueAfter(now, policy.committeeReview, policy.calendar);
}

/** The new coordinator reads in after a change of coordinator (none for the first one). */
export function readInDue(policy: CasePolicy, now: Date): Date {
  return dueAfter(now, policy.readIn, policy.calendar);
}

/** A case with no running measure and nothing waiting: the coordinator closes it or says why it continues. */
export function closeOrContinueDue(s: CaseState, policy: CasePolicy, now: Date): Date | undefined {
  if (s.closure || s.measures.some((m) => m.status === 'active')) return undefined;
  if (s.decisions.some((d) => d.kind === 'measure' && d.status === 'pending')) return undefined;
  const current = s.closeOrContinueTaskId ? s.tasks[s.closeOrContinueTaskId] : undefined;
  if (current?.status === 'open') return undefined;
  return dueAfter(now, policy.closeOrContinue, policy.calendar);
}

/** The deadline rule a task of the case runs on (its steps start over from it when its due time is extended). */
export function caseTaskRule(policy: CasePolicy, kind: TaskKind): Omit<DeadlineRule, 'due'> {
  const byKind: Partial<Record<TaskKind, DeadlineRule>> = {
    'urgency-assessment': policy.urgencyAssessment,
    'manual-receipt': policy.receipt.manualReceipt,
    reassessment: policy.reassessment,
    assessment: policy.assessment,
    'preliminary-assessment': policy.preliminaryAssessment,
    plan: policy.plan,
    'read-in': policy.readIn,
    'close-or-continue': policy.closeOrContinue,
    'committee-review': policy.committeeReview,
  };
  return byKind[kind] ?? policy.approval;
}
