/**
 * The one contract between the apps and the workflows: task queue, workflow ids, search
 * attributes, signals, updates, queries and their payload types. The API, the worker, the tests
 * and the workflow code all import it, so a name can only change in one place.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CasePolicy, Role, Span } from '../libs/policy/case-policy';

export const DEFAULT_TASK_QUEUE = 'closer-cases';

/** Workflow ids are opaque: a UUID, never a CPR number or a name (ids are stored in clear text). */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;
export const measureWorkflowId = (measureId: string): string => `measure-${measureId}`;
export const familyWorkflowId = (familyId: string): string => `family-${familyId}`;

/** Search attributes hold no personal data. Registered on the dev server at start. */
export const searchAttributes = {
  casePhase: defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD),
  coordinatorId: defineSearchAttributeKey('CoordinatorId', SearchAttributeType.KEYWORD),
  teamId: defineSearchAttributeKey('TeamId', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME),
  escalationLevel: defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT),
} as const;

/** The same attributes in the form the Temporal CLI takes (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_REGISTRATION: Record<string, 'Keyword' | 'Int' | 'Datetime'> = {
  CasePhase: 'Keyword',
  CoordinatorId: 'Keyword',
  TeamId: 'Keyword',
  NextDeadline: 'Datetime',
  EscalationLevel: 'Int',
};

/** Stable failure types of rejected commands; the API turns them into HTTP statuses. */
export const CommandRejection = {
  /** The command is not allowed in the case's current phase or state (HTTP 409). */
  WrongPhase: 'WrongPhase',
  /** The command's data is invalid (HTTP 400). */
  InvalidCommand: 'InvalidCommand',
  /** A child conversation (børnesamtale) must come before this decision (HTTP 409). */
  ChildConversationMissing: 'ChildConversationMissing',
  /** A re-assessment must be made by someone new to the case (BL § 137) (HTTP 409). */
  NotNewToCase: 'NotNewToCase',
  /** The case already has this coordinator (a repeated handover step: nothing to do). */
  AlreadyAssigned: 'AlreadyAssigned',
  /** The coordinator's caseload is at the policy's cap (HTTP 409). */
  CaseloadCapReached: 'CaseloadCapReached',
} as const;

// ---------------------------------------------------------------------------------------------
// Reports, tasks, decisions

export type ReporterType = 'professional' | 'citizen';

/** A report of concern (underretning) as it enters the workflow. Encrypted by the payload codec. */
export interface ReportOfConcern {
  reportId: string;
  receivedAt: string;
  reporter: { name: string; email: string; type: ReporterType };
  childReference: string;
  concern: string;
  /** The report concerns abuse (overgreb): a re-assessment then needs a child conversation. */
  concernsAbuse?: boolean;
}

export type TaskKind =
  | 'urgency-assessment'
  | 'manual-receipt'
  | 'reassessment'
  | 'assessment'
  | 'preliminary-assessment'
  | 'approval'
  | 'plan'
  | 'follow-up'
  | 'agreed-action'
  | 'supervision-visit'
  | 'measure-end-decision'
  | 'turning-18'
  | 'read-in'
  | 'committee-review'
  | 'inquiry-response'
  | 'appointment-conflict';

export type TaskAssignee = Role | 'partner';

export interface TaskView {
  taskId: string;
  kind: TaskKind;
  assignee: TaskAssignee;
  /** The person or department it is assigned to, when known. */
  assigneeId?: string;
  /** What the task is about: a decision, measure, action or report id. */
  subjectId?: string;
  openedAt: string;
  dueAt: string;
  /** 0 until the first escalation, then 1 (e.g. supervisor), 2 (e.g. head of department). */
  escalationLevel: number;
  status: 'open' | 'done' | 'cancelled';
  completedAt?: string;
  completedBy?: string;
}

export type CasePhase = 'intake' | 'screening' | 'assessment' | 'decision' | 'measures' | 'closed';
export type TriageDecision = 'close' | 'screening' | 'assessment' | 'acute-measure';

export interface MeasureDetails {
  /** e.g. "familiebehandling", "plejefamilie". */
  type: string;
  /** Step on the intervention ladder (indsatstrappen), 1 least to 6 most intrusive. */
  ladderStep: number;
  provider: string;
  monthlyCost: number;
  startDate: string;
  plannedEnd: string;
  /** Goals of the child's plan that this measure serves. */
  goalIds: string[];
  /** For placements: the child's date of birth, to decide on support after 18 in time. */
  childBirthDate?: string;
}

export interface PlanGoal {
  goalId: string;
  description: string;
  /** The department responsible: the family's own goals may belong to the jobcenter, health, housing. */
  ownerDepartment: string;
  successMeasure: string;
}

export type DecisionKind = 'measure' | 'plan';

export interface DecisionView {
  decisionId: string;
  kind: DecisionKind;
  status: 'pending' | 'approved' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  /** For measure decisions: the measure it starts once approved. */
  measureId?: string;
}

export interface CaseView {
  caseId: string;
  phase: CasePhase;
  policyVersion: string;
  coordinatorId?: string;
  teamId?: string;
  coordinatorChanges: number;
  reportIds: string[];
  receiptsSent: string[];
  urgency?: { childInDanger: boolean; acuteHelpNeeded: boolean; at: string; onTime: boolean };
  triage?: { decision: TriageDecision; at: string };
  assessment?: { startedAt: string; dueAt: string; submittedAt?: string; conclusion?: AssessmentConclusion };
  childConversations: number;
  decisions: DecisionView[];
  plan?: { status: 'pending' | 'approved'; goalIds: string[]; dueAt?: string };
  /** Progress on each goal (1–10): the first and the latest score from follow-up meetings. */
  goalProgress: { goalId: string; first: number; latest: number }[];
  measures: { measureId: string; status: 'active' | 'ended'; ladderStep: number }[];
  openTasks: TaskView[];
  closure?: { reason: string; at: string };
  runs: number;
}

export type AssessmentConclusion = 'measures-needed' | 'no-measures';

export interface CaseOutcome {
  caseId: string;
  closedAt: string;
  reason: string;
}

export interface CaseWorkflowInput {
  caseId: string;
  policy: CasePolicy;
  /** The child's intake workflow, when it started the case: told of the closure and handed late reports. */
  intakeWorkflowId?: string;
  /** Set by continue-as-new: the state the previous run ended with. */
  resume?: unknown;
}

// Commands. Every command names the person acting (`actor`, a user id): it goes to the audit trail.
export interface AssignCoordinatorCommand {
  actor: string;
  coordinatorId: string;
  teamId: string;
  reason?: string;
}
export interface UrgencyAssessmentCommand {
  actor: string;
  childInDanger: boolean;
  acuteHelpNeeded: boolean;
}
export interface TriageCommand {
  actor: string;
  decision: TriageDecision;
  reason: string;
}
export interface ChildConversationCommand {
  actor: string;
  heldAt?: string;
  /** A recorded reason why no conversation could be held (e.g. the child's age). */
  exceptionReason?: string;
}
export interface AssessmentCommand {
  actor: string;
  conclusion: AssessmentConclusion;
  summary: string;
}
export interface MeasureProposalCommand {
  actor: string;
  measure: MeasureDetails;
}
export interface ApprovalCommand {
  actor: string;
  decisionId: string;
  approved: boolean;
  reason: string;
}
export interface PlanCommand {
  actor: string;
  goals: PlanGoal[];
}
export interface ReassessmentCommand {
  actor: string;
  taskId: string;
  outcome: string;
  childConversationHeld: boolean;
}
export interface CompleteTaskCommand {
  actor: string;
  taskId: string;
  note?: string;
}
export interface CloseCaseCommand {
  actor: string;
  reason: string;
}

export const reportReceivedSignal = defineSignal<[ReportOfConcern]>('reportReceived');
export const measureEndedSignal = defineSignal<[{ measureId: string; reason: string; at: string }]>('measureEnded');
/** A measure's follow-up scored the goals: the case keeps each goal's first and latest score. */
export const goalsScoredSignal =
  defineSignal<[{ measureId: string; scores: { goalId: string; score: number }[]; at: string }]>('goalsScored');
export const caseViewQuery = defineQuery<CaseView>('caseView');

export const assignCoordinatorUpdate = defineUpdate<CaseView, [AssignCoordinatorCommand]>('assignCoordinator');
export const recordUrgencyAssessmentUpdate = defineUpdate<CaseView, [UrgencyAssessmentCommand]>('recordUrgencyAssessment');
export const decideTriageUpdate = defineUpdate<CaseView, [TriageCommand]>('decideTriage');
export const recordChildConversationUpdate = defineUpdate<CaseView, [ChildConversationCommand]>('recordChildConversation');
export const submitAssessmentUpdate = defineUpdate<CaseView, [AssessmentCommand]>('submitAssessment');
export const proposeMeasureUpdate = defineUpdate<DecisionView, [MeasureProposalCommand]>('proposeMeasure');
export const decideApprovalUpdate = defineUpdate<CaseView, [ApprovalCommand]>('decideApproval');
export const submitPlanUpdate = defineUpdate<DecisionView, [PlanCommand]>('submitPlan');
export const recordReassessmentUpdate = defineUpdate<CaseView, [ReassessmentCommand]>('recordReassessment');
export const completeTaskUpdate = defineUpdate<CaseView, [CompleteTaskCommand]>('completeTask');
export const closeCaseUpdate = defineUpdate<CaseView, [CloseCaseCommand]>('closeCase');

// ---------------------------------------------------------------------------------------------
// Measures (foranstaltninger): one child workflow each

export type FollowUpDecision = 'continue' | 'adjust' | 'stop' | 'replace' | 'step-down';

export interface FollowUpCommand {
  actor: string;
  heldAt?: string;
  /** Progress on each goal of the measure, 1 (far from) to 10 (reached). */
  scores: { goalId: string; score: number }[];
  decision: FollowUpDecision;
  /** For step-down: the new, lower ladder step. */
  newLadderStep?: number;
  agreedActions: { description: string; owner: string }[];
  /** A cadence other than the policy's, with the reason the law asks for. */
  nextFollowUp?: { after: Span; reason: string };
}
export interface AgreedActionDoneCommand {
  actor: string;
  actionId: string;
}
export interface SupervisionVisitCommand {
  actor: string;
  visitedAt?: string;
  spokeWithChild: boolean;
}
export interface EndDecisionCommand {
  actor: string;
  decision: 'extend' | 'end' | 'step-down';
  newPlannedEnd?: string;
  newLadderStep?: number;
  reason: string;
}

/** Support after 18 (ungestøtte, BL § 111), decided at least 6 months before a placed child turns 18. */
export interface ContinuedSupportCommand {
  actor: string;
  continuedSupport: boolean;
  reason: string;
}

export interface FollowUpView {
  followUpId: string;
  heldAt: string;
  onTime: boolean;
  decision: FollowUpDecision;
  scores: { goalId: string; score: number }[];
  /** Actions agreed at the previous meeting that were not done by this one: shown and escalated. */
  actionsNotDone: string[];
  nextDueAt?: string;
}

export interface MeasureView {
  measureId: string;
  caseId: string;
  status: 'active' | 'ended';
  ladderStep: number;
  plannedEnd: string;
  nextFollowUpDueAt?: string;
  followUps: FollowUpView[];
  agreedActions: { actionId: string; owner: string; dueAt: string; status: 'open' | 'done'; followUpId: string }[];
  supervisionVisits: number;
  openTasks: TaskView[];
  endReason?: string;
  runs: number;
}

export interface MeasureWorkflowInput {
  measureId: string;
  caseId: string;
  decisionId: string;
  measure: MeasureDetails;
  policy: CasePolicy;
  /** The child-welfare assessment is still running: the first follow-up comes at its end if earlier. */
  assessmentOngoing: boolean;
  resume?: unknown;
}

export const assessmentCompletedSignal = defineSignal<[{ at: string }]>('assessmentCompleted');
export const measureViewQuery = defineQuery<MeasureView>('measureView');
export const recordFollowUpUpdate = defineUpdate<MeasureView, [FollowUpCommand]>('recordFollowUp');
export const completeAgreedActionUpdate = defineUpdate<MeasureView, [AgreedActionDoneCommand]>('completeAgreedAction');
export const recordSupervisionVisitUpdate = defineUpdate<MeasureView, [SupervisionVisitCommand]>('recordSupervisionVisit');
export const decideMeasureEndUpdate = defineUpdate<MeasureView, [EndDecisionCommand]>('decideMeasureEnd');
export const decideContinuedSupportUpdate = defineUpdate<MeasureView, [ContinuedSupportCommand]>('decideContinuedSupport');

// ---------------------------------------------------------------------------------------------
// The family: one contact person, inquiries, appointments across departments

export type InquiryChannel = 'sms' | 'phone' | 'email';

export interface InquiryReceived {
  inquiryId: string;
  channel: InquiryChannel;
  receivedAt: string;
}
export interface AnswerInquiryCommand {
  actor: string;
  inquiryId: string;
}
export interface AppointmentCommand {
  actor: string;
  appointmentId: string;
  /** e.g. "jobcenter", "børn og familie", "sundhedspleje". */
  department: string;
  start: string;
  end: string;
}
export interface SetFamilyCoordinatorCommand {
  actor: string;
  coordinatorId: string;
  teamId: string;
  deputyId?: string;
  /** Where the family is told about a change of contact person. Personal data: encrypted in Temporal. */
  contactEmail?: string;
  reason?: string;
}
export interface LinkChildCaseCommand {
  actor: string;
  caseId: string;
}

export interface FamilyView {
  familyId: string;
  coordinatorId?: string;
  teamId?: string;
  deputyId?: string;
  coordinatorChanges: number;
  childCaseIds: string[];
  inquiries: { inquiryId: string; channel: InquiryChannel; receivedAt: string; answeredAt?: string; onTime?: boolean }[];
  appointments: { appointmentId: string; department: string; start: string; end: string }[];
  /** Cases a handover could not move (e.g. the new coordinator's caseload is full), with the reason. */
  handoverRefusals: { caseId: string; reason: string }[];
  openTasks: TaskView[];
  runs: number;
}

export interface FamilyWorkflowInput {
  familyId: string;
  policy: CasePolicy;
  resume?: unknown;
}

export const inquiryReceivedSignal = defineSignal<[InquiryReceived]>('inquiryReceived');
export const familyViewQuery = defineQuery<FamilyView>('familyView');
export const answerInquiryUpdate = defineUpdate<FamilyView, [AnswerInquiryCommand]>('answerInquiry');
export const addAppointmentUpdate = defineUpdate<FamilyView, [AppointmentCommand]>('addAppointment');
export const setFamilyCoordinatorUpdate = defineUpdate<FamilyView, [SetFamilyCoordinatorCommand]>('setFamilyCoordinator');
export const linkChildCaseUpdate = defineUpdate<FamilyView, [LinkChildCaseCommand]>('linkChildCase');

/** A coordinator leaves: every family and case they hold moves to another, durably, one by one. */
export interface HandoverInput {
  handoverId: string;
  actor: string;
  fromCoordinatorId: string;
  toCoordinatorId: string;
  teamId: string;
  reason: string;
}
export interface HandoverResult {
  families: number;
  cases: number;
  refused: { caseId: string; reason: string }[];
}
export const handoverWorkflowId = (handoverId: string): string => `handover-${handoverId}`;

// ---------------------------------------------------------------------------------------------
// Intake: one workflow per child owns which case is the child's open case

/**
 * `childId` is an HMAC of the normalised child reference under CHILD_REFERENCE_KEY, shaped as a
 * UUID (apps/api/src/reports/child-reference.ts): the reference itself never reaches an id.
 */
export const childIntakeWorkflowId = (childId: string): string => `child-${childId}`;

export interface ChildIntakeInput {
  childId: string;
  /** Set by continue-as-new: the state the previous run ended with. */
  resume?: unknown;
}

/** A report as the API hands it to the child's intake workflow, with the policy a new case would start on. */
export interface IntakeReport {
  report: ReportOfConcern;
  policy: CasePolicy;
}

/** Where a report went: the case it was sent to, once the intake workflow has decided. */
export interface ReportRouting {
  reportId: string;
  caseId: string;
}

export const intakeReportSignal = defineSignal<[IntakeReport]>('intakeReport');
/** From a case to its intake workflow: the case has closed; later reports go to a new case. */
export const caseClosedSignal = defineSignal<[{ caseId: string }]>('caseClosed');
/** From a closing case to its intake workflow: a report the case will not take, for the child's next case. */
export const reportReturnedSignal = defineSignal<[{ caseId: string; report: ReportOfConcern }]>('reportReturned');
export const reportRoutingQuery = defineQuery<ReportRouting | null, [string]>('reportRouting');
