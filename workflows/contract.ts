/**
 * The one contract between the apps and the workflows: task queue, workflow ids, search
 * attributes, signals, updates (the commands' are defined in command-registry.ts), queries and their
 * payload types. The API, the worker, the tests
 * and the workflow code all import it, so a name can only change in one place.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CasePolicy, Role } from '../libs/policy/case-policy';
import type * as schema from './command-schemas';
import { COMMANDS } from './command-registry';

export { type Command, COMMAND_ROUTES, type CommandRoute, type CommandSender, COMMANDS, commandsOn } from './command-registry';

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
  /** The command passed its checks but could not be completed; nothing more was changed (HTTP 409). */
  CommandFailed: 'CommandFailed',
} as const;

/**
 * What a command changed. Update results are stored in the workflow's history, so they stay small;
 * the API answers with the current state from a query besides.
 */
export interface CommandResult {
  /** The case, measure or family the command went to. */
  id: string;
  /** Its phase (case) or status (measure) after the command. */
  phase?: string;
  /** Things the command created: a decision, a measure, a follow-up, agreed actions, tasks. */
  decisionId?: string;
  measureId?: string;
  followUpId?: string;
  actionIds?: string[];
  /** Tasks opened by the command. */
  openedTaskIds?: string[];
  /** A request to pause or extend a clock, waiting for a supervisor. */
  requestId?: string;
  /** Cases a change of the family's contact person could not move, with the reason. */
  refused?: { caseId: string; reason: string }[];
}

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
  | 'close-or-continue'
  | 'committee-review'
  | 'inquiry-response'
  | 'appointment-conflict'
  /** Udtalelse fra anbringelsesstedet before a return home (BL § 100). */
  | 'placement-statement'
  /** Barnets plan revised before a return home (revideret plan, BL § 100). */
  | 'plan-revision'
  /** A supervisor decides on pausing or extending a statutory clock (godkendelse af fristændring). */
  | 'clock-change-approval';

/**
 * The tasks that have no command of their own: a person marks them done by hand (complete-task), on a
 * case and on a measure. The workflows accept complete-task for these only; the pages offer it for these.
 */
export const MANUAL_TASK_KINDS = {
  case: ['manual-receipt', 'preliminary-assessment', 'read-in', 'appointment-conflict', 'committee-review', 'close-or-continue'],
  measure: ['placement-statement', 'plan-revision'],
} as const satisfies Record<'case' | 'measure', readonly TaskKind[]>;

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
  /** The task's clock was paused (until `pausedUntil`), has resumed, or its due time was extended, with approval. */
  clock?: TaskClock;
}

export type ClockChangeKind = 'pause' | 'extend';
/** Why a statutory clock is paused or extended: counted by the KPIs (the free text stays in the read model). */
export type ClockChangeReasonKind = z.infer<typeof schema.clockChangeReasonKind>;

export interface TaskClock {
  state: 'paused' | 'resumed' | 'extended';
  changedAt: string;
  pausedUntil?: string;
  reasonKind: ClockChangeReasonKind;
}

/** A request to pause or extend a task's clock, waiting for a supervisor. */
export interface ClockChangeRequestView {
  requestId: string;
  taskId: string;
  change: ClockChangeKind;
  until: string;
  reasonKind: ClockChangeReasonKind;
  requestedBy: string;
  requestedAt: string;
  approvalTaskId: string;
}

/** A return home (hjemgivelse, BL § 100) from a placement: planned, then the return-home period. */
export interface ReturnHomeView {
  status: 'planned' | 'returned' | 'period-ended';
  plannedReturnDate: string;
  plannedAt: string;
  returnedAt?: string;
  periodEndsAt?: string;
}

export type CasePhase = 'intake' | 'screening' | 'assessment' | 'decision' | 'measures' | 'closed';
export type TriageDecision = 'close' | 'screening' | 'assessment' | 'acute-measure';

export type MeasureDetails = z.infer<typeof schema.measureDetailsSchema>;

export type PlanGoal = z.infer<typeof schema.planGoalSchema>;

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
  /** The earliest due time and the highest escalation level of the case and its measures' open tasks. */
  nextDeadline?: string;
  escalationLevel: number;
  closure?: { reason: string; at: string; outcome?: CaseOutcomeSnapshot };
  /** Requests to pause or extend a clock of the case, waiting for a supervisor. */
  clockChangeRequests?: ClockChangeRequestView[];
  runs: number;
}

/** The outcome snapshot taken at closure: the source of the outcome figures. */
export interface CaseOutcomeSnapshot {
  triage?: TriageDecision;
  assessment?: AssessmentConclusion;
  measures: { measureId: string; status: 'active' | 'ended'; ladderStep: number }[];
  goals: string[];
  goalProgress: { goalId: string; first: number; latest: number }[];
  closerToGoals: number;
  coordinatorChanges: number;
  reports: number;
  policyVersion: string;
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
  /** The report the case opens with, when its intake workflow starts it (encrypted by the codec). */
  firstReport?: ReportOfConcern;
  /** The child's intake workflow, when it started the case: told of the closure and handed late reports. */
  intakeWorkflowId?: string;
  /** Set by continue-as-new: the state the previous run ended with. */
  resume?: unknown;
}

// Commands. Every command names the person acting (`actor`, a user id): it goes to the audit trail.
// Their shapes and bounds are the schemas in command-schemas.ts; the types follow from them.
export type AssignCoordinatorCommand = z.infer<typeof schema.assignCoordinatorSchema>;
export type UrgencyAssessmentCommand = z.infer<typeof schema.urgencyAssessmentSchema>;
export type TriageCommand = z.infer<typeof schema.triageSchema>;
export type ChildConversationCommand = z.infer<typeof schema.childConversationSchema>;
export type AssessmentCommand = z.infer<typeof schema.assessmentSchema>;
export type MeasureProposalCommand = z.infer<typeof schema.measureProposalSchema>;
export type ApprovalCommand = z.infer<typeof schema.approvalSchema>;
export type PlanCommand = z.infer<typeof schema.planSchema>;
export type ReassessmentCommand = z.infer<typeof schema.reassessmentSchema>;
export type CompleteTaskCommand = z.infer<typeof schema.completeTaskSchema>;
export type CloseCaseCommand = z.infer<typeof schema.closeCaseSchema>;
export type ReassignTaskCommand = z.infer<typeof schema.reassignTaskSchema>;

export const reportReceivedSignal = defineSignal<[ReportOfConcern]>('reportReceived');
export const measureEndedSignal = defineSignal<[{ measureId: string; reason: string; at: string }]>('measureEnded');
/** A measure's follow-up scored the goals: the case keeps each goal's first and latest score. */
/** A measure's open tasks changed: the case rolls its next deadline and escalation level up from them. */
export const measureTasksSignal =
  defineSignal<[{ measureId: string; nextDeadline: string | null; escalationLevel: number }]>('measureTasks');
export const goalsScoredSignal =
  defineSignal<[{ measureId: string; scores: { goalId: string; score: number }[]; at: string }]>('goalsScored');
export const caseViewQuery = defineQuery<CaseView>('caseView');

export const assignCoordinatorUpdate = COMMANDS.assignCoordinator.update;
export const recordUrgencyAssessmentUpdate = COMMANDS.recordUrgencyAssessment.update;
export const decideTriageUpdate = COMMANDS.decideTriage.update;
export const recordChildConversationUpdate = COMMANDS.recordChildConversation.update;
export const submitAssessmentUpdate = COMMANDS.submitAssessment.update;
export const proposeMeasureUpdate = COMMANDS.proposeMeasure.update;
export const decideApprovalUpdate = COMMANDS.decideApproval.update;
export const submitPlanUpdate = COMMANDS.submitPlan.update;
export const recordReassessmentUpdate = COMMANDS.recordReassessment.update;
export const completeTaskUpdate = COMMANDS.completeTask.update;
export const closeCaseUpdate = COMMANDS.closeCase.update;
/** An open task of a case, measure or family given to another person of its role (claimed or reassigned). */
export const reassignTaskUpdate = COMMANDS.reassignTask.update;

// ---------------------------------------------------------------------------------------------
// Measures (foranstaltninger): one child workflow each

export type FollowUpDecision = 'continue' | 'adjust' | 'stop' | 'replace' | 'step-down';

export type FollowUpCommand = z.infer<typeof schema.followUpSchema>;
export type AgreedActionDoneCommand = z.infer<typeof schema.agreedActionDoneSchema>;
export type SupervisionVisitCommand = z.infer<typeof schema.supervisionVisitSchema>;
export type EndDecisionCommand = z.infer<typeof schema.endDecisionSchema>;
/** Support after 18 (ungestøtte, BL § 111), decided at least 6 months before a placed child turns 18. */
export type ContinuedSupportCommand = z.infer<typeof schema.continuedSupportSchema>;

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
  /** The latest follow-up meetings (at most 24; the read model keeps all) and how many were held. */
  followUps: FollowUpView[];
  followUpsHeld: number;
  agreedActions: { actionId: string; owner: string; dueAt: string; status: 'open' | 'done'; followUpId: string }[];
  supervisionVisits: number;
  openTasks: TaskView[];
  endReason?: string;
  /** Whether the child is placed now: a placement step, and not returned home. */
  placed?: boolean;
  returnHome?: ReturnHomeView;
  /** Requests to pause or extend a clock of the measure, waiting for a supervisor. */
  clockChangeRequests?: ClockChangeRequestView[];
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
  /** The case's coordinator: the measure's tasks are theirs. */
  coordinatorId?: string;
  resume?: unknown;
}

export const assessmentCompletedSignal = defineSignal<[{ at: string }]>('assessmentCompleted');
/** The case has a new coordinator: the measure's open tasks move to them. */
export const measureCoordinatorSignal = defineSignal<[{ coordinatorId: string }]>('measureCoordinator');
export const measureViewQuery = defineQuery<MeasureView>('measureView');
export const recordFollowUpUpdate = COMMANDS.recordFollowUp.update;
export const completeAgreedActionUpdate = COMMANDS.completeAgreedAction.update;
export const recordSupervisionVisitUpdate = COMMANDS.recordSupervisionVisit.update;
export const decideMeasureEndUpdate = COMMANDS.decideMeasureEnd.update;
export const decideContinuedSupportUpdate = COMMANDS.decideContinuedSupport.update;
export type PlanReturnHomeCommand = z.infer<typeof schema.planReturnHomeSchema>;
export type RecordReturnHomeCommand = z.infer<typeof schema.recordReturnHomeSchema>;
/** Plan a return home (hjemgivelse, BL § 100): the statement from the placement and the revised plan fall due before it. */
export const planReturnHomeUpdate = COMMANDS.planReturnHome.update;
/** The child has returned home: the return-home period (hjemgivelsesperiode) begins and tilsyn stops. */
export const recordReturnHomeUpdate = COMMANDS.recordReturnHome.update;

export type RequestClockChangeCommand = z.infer<typeof schema.requestClockChangeSchema>;
export type DecideClockChangeCommand = z.infer<typeof schema.decideClockChangeSchema>;
/** A coordinator asks to pause or extend a task's clock (case or measure): a supervisor decides. */
export const requestClockChangeUpdate = COMMANDS.requestClockChange.update;
/** A supervisor (not the requester) approves or refuses a request to pause or extend a clock. */
export const decideClockChangeUpdate = COMMANDS.decideClockChange.update;

// ---------------------------------------------------------------------------------------------
// The family: one contact person, inquiries, appointments across departments

export type InquiryChannel = z.infer<typeof schema.inquiryChannel>;

export type InquiryReceived = z.infer<typeof schema.inquiryReceivedSchema>;
export type AnswerInquiryCommand = z.infer<typeof schema.answerInquirySchema>;
export type AppointmentCommand = z.infer<typeof schema.appointmentSchema>;
export type SetFamilyCoordinatorCommand = z.infer<typeof schema.setFamilyCoordinatorSchema>;
export type LinkChildCaseCommand = z.infer<typeof schema.linkChildCaseSchema>;

export interface FamilyView {
  familyId: string;
  coordinatorId?: string;
  teamId?: string;
  deputyId?: string;
  coordinatorChanges: number;
  childCaseIds: string[];
  inquiries: { inquiryId: string; channel: InquiryChannel; receivedAt: string; answeredAt?: string; onTime?: boolean }[];
  appointments: { appointmentId: string; department: string; start: string; end: string }[];
  /** Cases a change of contact person could not move (e.g. the new coordinator's caseload is full), with the reason. */
  handoverRefusals: { caseId: string; reason: string; at: string }[];
  openTasks: TaskView[];
  runs: number;
}

export interface FamilyWorkflowInput {
  familyId: string;
  policy: CasePolicy;
  resume?: unknown;
}

/** Unanswered inquiries a family can hold: the API answers 409 beyond it, and the workflow takes no more. */
export const MAX_OPEN_INQUIRIES = 200;

export const inquiryReceivedSignal = defineSignal<[InquiryReceived]>('inquiryReceived');
export const familyViewQuery = defineQuery<FamilyView>('familyView');
export const answerInquiryUpdate = COMMANDS.answerInquiry.update;
export const addAppointmentUpdate = COMMANDS.addAppointment.update;
export const setFamilyCoordinatorUpdate = COMMANDS.setFamilyCoordinator.update;
export const linkChildCaseUpdate = COMMANDS.linkChildCase.update;
/** Family tasks done by hand (an appointment conflict resolved). */
export const completeFamilyTaskUpdate = COMMANDS.completeFamilyTask.update;

/** A coordinator leaves: every family and case they hold moves to another, durably, one by one. */
export interface HandoverInput {
  handoverId: string;
  actor: string;
  fromCoordinatorId: string;
  toCoordinatorId: string;
  teamId: string;
  reason: string;
  reasonKind?: 'sick-leave' | 'leaving' | 'caseload' | 'other';
  /** Only these of the coordinator's lone cases, and only these families; all of both when neither is given. */
  caseIds?: string[];
  familyIds?: string[];
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
