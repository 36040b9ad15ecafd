/**
 * What a child case knows, and how it changes where no timer, activity or other workflow is
 * involved. Plain data, so it travels through continue-as-new whole. Pure: no Temporal imports; the
 * time comes as an argument.
 */
import type {
  AssessmentConclusion,
  CaseOutcomeSnapshot,
  CasePhase,
  CaseView,
  ClockChangeRequestView,
  DecisionView,
  MeasureDetails,
  PlanGoal,
  ReportOfConcern,
  TriageDecision,
} from '../contract';
import type { AppliedCommand } from '../support/command-gate';
import type { TaskRecord } from '../support/task-record';

/** What the workflow keeps of a plan goal: the texts live in the read model, not in the workflow's state. */
export type KeptGoal = Pick<PlanGoal, 'goalId' | 'ownerDepartment'>;

export type CaseDecision = DecisionView & { taskId: string; measure?: MeasureDetails; goals?: KeptGoal[] };

export interface ReportRecord {
  reportId: string;
  receivedAt: string;
  concernsAbuse: boolean;
  urgencyAssessed: boolean;
}

/** Everything the case knows; plain data, so it travels through continue-as-new whole. */
export interface CaseState {
  caseId: string;
  phase: CasePhase;
  coordinatorId?: string;
  teamId?: string;
  coordinatorChanges: number;
  /** Everyone who has acted on the case: a re-assessment needs someone who is not among them. */
  actorsOnCase: string[];
  /** Reports received but not yet recorded (these hold personal data, encrypted by the codec). */
  inbox: ReportOfConcern[];
  reports: ReportRecord[];
  receiptsSent: string[];
  urgency?: CaseView['urgency'];
  triage?: { decision: TriageDecision; at: string };
  assessment?: {
    startedAt: string;
    dueAt: string;
    taskId: string;
    preliminaryTaskId?: string;
    submittedAt?: string;
    conclusion?: AssessmentConclusion;
  };
  childConversations: number;
  /** A child conversation (or a recorded exception) since the last decision (BL § 5). */
  childHeardSinceDecision: boolean;
  decisions: CaseDecision[];
  plan?: { status: 'pending' | 'approved'; goals: KeptGoal[] };
  planTaskId?: string;
  measures: { measureId: string; status: 'active' | 'ended'; ladderStep: number }[];
  /** Each running measure's next deadline and escalation level, rolled up into the case's. */
  measureTasks: Record<string, { nextDeadline: string | null; escalationLevel: number }>;
  closeOrContinueTaskId?: string;
  goalProgress?: Record<string, { first: number; latest: number }>;
  tasks: Record<string, TaskRecord>;
  /** Answers to recent commands, by update id: a repeated command gets the first answer. */
  applied: AppliedCommand[];
  closure?: { reason: string; at: string; outcome?: CaseOutcomeSnapshot };
  runs: number;
  /** The child's intake workflow, when it started the case (see handlers/closure.handlers.ts). */
  intakeWorkflowId?: string;
  /** Requests to pause or extend a clock of the case, waiting for a supervisor. */
  clockRequests?: ClockChangeRequestView[];
}

/** Decided decisions kept in the state (and the view) across continue-as-new; the read model keeps all. */
export const DECIDED_DECISIONS_KEPT = 20;
/** Assessed reports and receipts kept in the state across continue-as-new. */
export const REPORTS_KEPT = 50;
/** People who acted on the case, for "someone new to the case" (BL § 137): the most recent ones. */
export const ACTORS_KEPT = 500;

const PHASE_ORDER: CasePhase[] = ['intake', 'screening', 'assessment', 'decision', 'measures', 'closed'];

export function newCaseState(caseId: string): CaseState {
  return {
    caseId,
    phase: 'intake',
    coordinatorChanges: 0,
    actorsOnCase: [],
    inbox: [],
    reports: [],
    receiptsSent: [],
    childConversations: 0,
    childHeardSinceDecision: false,
    decisions: [],
    measures: [],
    measureTasks: {},
    tasks: {},
    applied: [],
    runs: 0,
  };
}

/** Phases only move forward (a case may skip some), so "past a phase" is a position in this order. */
export function isPast(s: CaseState, phase: CasePhase): boolean {
  return PHASE_ORDER.indexOf(s.phase) > PHASE_ORDER.indexOf(phase);
}

/** Closure is decided from the moment a triage 'close' or a close command is accepted. */
export function isClosing(s: CaseState): boolean {
  return !!s.closure || s.triage?.decision === 'close';
}

export function measuresRunning(s: CaseState): boolean {
  return s.measures.some((m) => m.status === 'active');
}

export function noteActor(s: CaseState, actor: string): void {
  if (!s.actorsOnCase.includes(actor)) s.actorsOnCase.push(actor);
}

/** Whether the case already has (or is taking) this report: one sent twice reaches the case once. */
export function knowsReport(s: CaseState, reportId: string): boolean {
  return s.reports.some((r) => r.reportId === reportId) || s.inbox.some((r) => r.reportId === reportId);
}

/** The report at the head of the inbox is recorded: it waits for its urgency assessment from here. */
export function reportRecorded(s: CaseState, report: ReportOfConcern): void {
  s.reports.push({
    reportId: report.reportId,
    receivedAt: report.receivedAt,
    concernsAbuse: !!report.concernsAbuse,
    urgencyAssessed: false,
  });
  s.inbox.shift();
}

/** The state that goes on into the next run: finished things beyond the latest few live in the read model only. */
export function trimForNextRun(s: CaseState): void {
  const pending = s.decisions.filter((d) => d.status === 'pending');
  const decided = s.decisions.filter((d) => d.status !== 'pending').slice(-DECIDED_DECISIONS_KEPT);
  s.decisions = s.decisions.filter((d) => pending.includes(d) || decided.includes(d));
  // Reports waiting for their urgency assessment stay; of the rest, the latest (the read model has all).
  const assessed = s.reports.filter((r) => r.urgencyAssessed).slice(-REPORTS_KEPT);
  s.reports = s.reports.filter((r) => !r.urgencyAssessed || assessed.includes(r));
  s.receiptsSent = s.receiptsSent.slice(-REPORTS_KEPT);
  s.actorsOnCase = s.actorsOnCase.slice(-ACTORS_KEPT);
}

/** A follow-up's scores: each goal keeps its first score and its latest. */
export function scoreGoals(s: CaseState, scores: { goalId: string; score: number }[]): void {
  s.goalProgress ??= {};
  for (const { goalId, score } of scores) {
    const g = s.goalProgress[goalId];
    s.goalProgress[goalId] = { first: g?.first ?? score, latest: score };
  }
}

export function goalProgress(s: CaseState): CaseView['goalProgress'] {
  return Object.entries(s.goalProgress ?? {}).map(([goalId, g]) => ({ goalId, ...g }));
}

/** The earliest due time of the case's own open tasks (`own`) and its running measures' tasks. */
export function caseNextDeadline(s: CaseState, own: Date | null): Date | null {
  const times = Object.values(s.measureTasks)
    .map((m) => m.nextDeadline)
    .filter((d): d is string => !!d)
    .map((d) => Date.parse(d));
  if (own) times.push(own.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

export function caseEscalationLevel(s: CaseState, own: number): number {
  return Math.max(own, ...Object.values(s.measureTasks).map((m) => m.escalationLevel));
}

/** What the case achieved, recorded when it closes (Gladsaxe: share of families closer to their goals). */
export function outcomeSnapshot(s: CaseState, policyVersion: string): CaseOutcomeSnapshot {
  const progress = goalProgress(s);
  return {
    triage: s.triage?.decision,
    assessment: s.assessment?.conclusion,
    measures: s.measures,
    goals: s.plan?.goals.map((g) => g.goalId) ?? [],
    goalProgress: progress,
    closerToGoals: progress.filter((g) => g.latest > g.first).length,
    coordinatorChanges: s.coordinatorChanges,
    reports: s.reports.length,
    policyVersion,
  };
}
