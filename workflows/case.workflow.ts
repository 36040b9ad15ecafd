/**
 * The life of one child case (børnesag), from the first report of concern to closure
 * (Barnets Lov; PRODUCT.md section 2). Read `caseWorkflow` top to bottom for the story; the
 * commands people send (Temporal updates) are further down, each with the rule that guards it.
 * Deterministic code only: side effects are activities, every wait is a Temporal timer.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  type SignalDefinition,
  sleep,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePolicy, DeadlineRule, Span } from '../libs/policy/case-policy';
import { addSpan, dueAfter, subtractSpan } from '../libs/policy/deadline-schedule';
import {
  type ApprovalCommand,
  assessmentCompletedSignal,
  assignCoordinatorUpdate,
  type AssessmentConclusion,
  type CaseOutcome,
  type CaseOutcomeSnapshot,
  type CasePhase,
  type CaseView,
  caseClosedSignal,
  caseViewQuery,
  type CaseWorkflowInput,
  type ClockChangeRequestView,
  closeCaseUpdate,
  CommandRejection,
  type CommandResult,
  decideApprovalUpdate,
  decideTriageUpdate,
  type DecisionView,
  type MeasureDetails,
  goalsScoredSignal,
  measureCoordinatorSignal,
  measureEndedSignal,
  measureTasksSignal,
  measureWorkflowId,
  type MeasureWorkflowInput,
  type PlanGoal,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordReassessmentUpdate,
  recordUrgencyAssessmentUpdate,
  type ReportOfConcern,
  reportReceivedSignal,
  reportReturnedSignal,
  searchAttributes,
  submitAssessmentUpdate,
  submitPlanUpdate,
  type TaskKind,
  type TriageDecision,
} from './contract';
import { reportOfConcernSchema, schemaProblem } from './schema-basics';
import { installClockChanges } from './support/clock-changes';
import { type AppliedCommand, CommandGate } from './support/command-gate';
import { LOCAL_ONCE, Projector } from './support/projector';
import { rejectCommand } from './support/validation';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';
import { installCompleteTask } from './support/complete-task';
import { installReassignTask } from './support/task-assignment';

// Recording a report is an idempotent upsert: retry until the database is back.
const record = proxyActivities<Pick<Activities, 'recordReport'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// The same write first as a local activity, in the workflow task that took the report: no round trip
// through the server (docs/benchmarks.md, national scale). One short attempt; if it fails, the
// regular activity above retries for as long as it takes.
const recordLocally = proxyLocalActivities<Pick<Activities, 'recordReport'>>(LOCAL_ONCE);

// Mail goes through an idempotent outbox. A receipt that cannot be sent is retried automatically
// (every SMTP failure may pass: a server down, a relay refusing for a while) until the receipt
// deadline is at risk; only then does the coordinator get a task to send it another way.
// `windowMs` is the time left until then: the retries stop there (schedule-to-close).
const receiptMail = (windowMs: number) =>
  proxyActivities<Pick<Activities, 'sendReceipt'>>({
    // One attempt ends well inside this: the SMTP timeouts of libs/mail/mailer.ts add up to 20 s.
    startToCloseTimeout: '30 seconds',
    ...(windowMs >= 1000 ? { scheduleToCloseTimeout: windowMs } : {}),
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      // Already at risk (a report recorded late): one attempt, then the coordinator.
      ...(windowMs >= 1000 ? {} : { maximumAttempts: 1 }),
      nonRetryableErrorTypes: ['ReportNotFound'],
    },
  });

/** Policies recorded before `receipt.manualTaskBefore` existed ask the coordinator this long before the deadline. */
const MANUAL_RECEIPT_TASK_BEFORE: Span = { weekdays: 2 };

/**
 * When a receipt's deadline comes at risk: `manualTaskBefore` before it. Weekdays cannot be counted
 * back from an instant, but a deadline in weekdays less some weekdays is a count forward from the
 * report; weekdays before a deadline of another kind are taken as calendar days, a weekend more.
 */
function receiptAtRisk(policy: CasePolicy, receivedAt: Date, deadline: Date): Date {
  const span = policy.receipt.deadline;
  const before = policy.receipt.manualTaskBefore ?? MANUAL_RECEIPT_TASK_BEFORE;
  if (!('weekdays' in before)) return subtractSpan(deadline, before, policy.calendar);
  if (!('weekdays' in span)) return subtractSpan(deadline, { calendarDays: before.weekdays + 2 }, policy.calendar);
  const left = span.weekdays - before.weekdays;
  return left >= 1 ? addSpan(receivedAt, { weekdays: left }, policy.calendar) : receivedAt;
}

// Caseload is checked against the read model under a lock; a full caseload is a final answer.
const caseload = proxyActivities<Pick<Activities, 'assignCase'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: [CommandRejection.CaseloadCapReached] },
});

/** Everything the case knows; plain data, so it travels through continue-as-new whole. */
interface CaseState {
  caseId: string;
  phase: CasePhase;
  coordinatorId?: string;
  teamId?: string;
  coordinatorChanges: number;
  /** Everyone who has acted on the case: a re-assessment needs someone who is not among them. */
  actorsOnCase: string[];
  /** Reports received but not yet recorded (these hold personal data, encrypted by the codec). */
  inbox: ReportOfConcern[];
  reports: { reportId: string; receivedAt: string; concernsAbuse: boolean; urgencyAssessed: boolean }[];
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
  decisions: (DecisionView & { taskId: string; measure?: MeasureDetails; goals?: KeptGoal[] })[];
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
  /** The child's intake workflow, when it started the case (see `handBack`). */
  intakeWorkflowId?: string;
  /** Requests to pause or extend a clock of the case, waiting for a supervisor. */
  clockRequests?: ClockChangeRequestView[];
}

/** What the workflow keeps of a plan goal: the texts live in the read model, not in the workflow's state. */
type KeptGoal = Pick<PlanGoal, 'goalId' | 'ownerDepartment'>;

/** Decided decisions kept in the state (and the view) across continue-as-new; the read model keeps all. */
const DECIDED_DECISIONS_KEPT = 20;
/** Assessed reports and receipts kept in the state across continue-as-new. */
const REPORTS_KEPT = 50;
/** People who acted on the case, for "someone new to the case" (BL § 137): the most recent ones. */
const ACTORS_KEPT = 500;
/** Measure decisions that may wait for approval at once: more is a mistake, not a case. */
const PENDING_MEASURES_MAX = 10;

const PHASE_ORDER: CasePhase[] = ['intake', 'screening', 'assessment', 'decision', 'measures', 'closed'];

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const policy: CasePolicy = input.policy;
  const cal = policy.calendar;
  const s: CaseState = (input.resume as CaseState | undefined) ?? newCaseState(input.caseId);
  // A case its intake workflow opens takes the first report with its start, not by a later signal.
  if (!input.resume && input.firstReport && !schemaProblem(reportOfConcernSchema, input.firstReport)) s.inbox.push(input.firstReport);
  s.runs++;
  s.intakeWorkflowId ??= input.intakeWorkflowId;
  const projector = new Projector({ caseId: s.caseId });
  const gate = new CommandGate(s.applied);
  const tasks: TaskTracker = new TaskTracker(s.tasks, {
    cal,
    projector,
    onChange: refreshSearchAttributes,
    caseSummary: () => ({ nextDeadline: nextDeadline(), escalationLevel: escalationLevel() }),
  });
  let processingReport = false;
  /** The search attributes as last upserted in this run (a run starts with none). */
  let upserted: string | undefined;
  /** Receipts still being mailed (retried for days at most): the run continues as new only without any. */
  let receiptsInFlight = 0;

  installHandlers();
  tasks.resumeAll();
  refreshSearchAttributes();
  void processReports();

  // 1. Intake (BL §§ 133–136). Each report is recorded, the reporter gets a receipt, and the
  //    report is assessed within 24 clock hours. The first triage decides what follows.
  await waitFor(() => past('intake'));

  // 2. Screening (afdækning), when triage chose it: a second triage decision ends it.
  await waitFor(() => past('screening'));

  // 3. Child-welfare assessment (børnefaglig undersøgelse, BL § 20): due 4 calendar months from the
  //    day the municipality became aware. When that passes, a preliminary assessment (foreløbig
  //    vurdering) is due, and the assessment task keeps reminding weekly until it is done.
  if (s.phase === 'assessment' && !s.assessment!.preliminaryTaskId) {
    if ((await waitFor(() => past('assessment'), new Date(s.assessment!.dueAt))) === 'timeout') {
      s.assessment!.preliminaryTaskId = tasks.open({
        kind: 'preliminary-assessment',
        assignee: 'coordinator',
        assigneeId: s.coordinatorId,
        dueAt: dueAfter(new Date(), policy.preliminaryAssessment, cal),
        rule: policy.preliminaryAssessment,
      }).taskId;
    }
  }
  await waitFor(() => past('assessment'));

  // 4. Decision: measures are proposed after a child conversation and approved by a supervisor
  //    (four eyes). The first approved measure moves the case on.
  await waitFor(() => past('decision'));

  // 5. Measures and follow-up: each measure runs as its own workflow with its own follow-up clock;
  //    the child's plan is due 3 months after the first measure decision. New reports are
  //    re-assessed by someone new to the case. The case closes when no measure is left running.
  await waitFor(() => past('measures'));

  // 6. Closed, with a reason and an outcome snapshot.
  await condition(() => projector.idle && receiptsInFlight === 0 && allHandlersFinished());
  if (s.intakeWorkflowId) await handOverToIntake();
  return { caseId: s.caseId, closedAt: s.closure!.at, reason: s.closure!.reason };

  // ---------------------------------------------------------------------------------------------
  // Waiting, and continuing as new at a safe point

  /** Phases only move forward (a case may skip some), so "past a phase" is a position in this order. */
  function past(phase: CasePhase): boolean {
    return PHASE_ORDER.indexOf(s.phase) > PHASE_ORDER.indexOf(phase);
  }

  /** Waits for `done` (or until `until`), continuing as new when the history has grown long. */
  async function waitFor(done: () => boolean, until?: Date): Promise<'done' | 'timeout'> {
    for (;;) {
      if (done()) return 'done';
      const ms = until ? until.getTime() - Date.now() : undefined;
      if (ms !== undefined && ms <= 0) return 'timeout';
      const wake = () => done() || safeToContinueAsNew();
      // condition() without a timeout resolves to nothing; with one, to whether it woke in time.
      const woke = ms === undefined ? (await condition(wake), true) : await condition(wake, ms);
      if (done()) return 'done';
      if (!woke) return 'timeout';
      if (safeToContinueAsNew()) {
        tasks.forgetFinished();
        const pending = s.decisions.filter((d) => d.status === 'pending');
        const decided = s.decisions.filter((d) => d.status !== 'pending').slice(-DECIDED_DECISIONS_KEPT);
        s.decisions = s.decisions.filter((d) => pending.includes(d) || decided.includes(d));
        // Reports waiting for their urgency assessment stay; of the rest, the latest (the read model has all).
        const assessed = s.reports.filter((r) => r.urgencyAssessed).slice(-REPORTS_KEPT);
        s.reports = s.reports.filter((r) => !r.urgencyAssessed || assessed.includes(r));
        s.receiptsSent = s.receiptsSent.slice(-REPORTS_KEPT);
        s.actorsOnCase = s.actorsOnCase.slice(-ACTORS_KEPT);
        await continueAsNew<typeof caseWorkflow>({ ...input, firstReport: undefined, caseId: s.caseId, policy, resume: s });
      }
    }
  }

  function safeToContinueAsNew(): boolean {
    return (
      workflowInfo().continueAsNewSuggested &&
      projector.idle &&
      gate.idle &&
      !processingReport &&
      receiptsInFlight === 0 &&
      s.inbox.length === 0 &&
      allHandlersFinished()
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Reports: recorded, receipted, assessed within 24 hours; re-assessed when a measure runs

  async function processReports(): Promise<void> {
    for (;;) {
      await condition(() => s.inbox.length > 0 && !s.closure);
      processingReport = true;
      const report = s.inbox[0];
      const recording = { caseId: s.caseId, policyVersion: policy.version, report };
      await recordLocally.recordReport(recording).catch(() => record.recordReport(recording));
      const receivedAt = new Date(report.receivedAt);
      s.reports.push({
        reportId: report.reportId,
        receivedAt: report.receivedAt,
        concernsAbuse: !!report.concernsAbuse,
        urgencyAssessed: false,
      });
      s.inbox.shift();
      tasks.open({
        kind: 'urgency-assessment',
        assignee: 'coordinator',
        assigneeId: s.coordinatorId,
        subjectId: report.reportId,
        dueAt: dueAfter(receivedAt, policy.urgencyAssessment, cal),
        rule: policy.urgencyAssessment,
      });
      if (s.measures.some((m) => m.status === 'active')) {
        tasks.open({
          kind: 'reassessment',
          assignee: 'coordinator',
          subjectId: report.reportId,
          dueAt: dueAfter(receivedAt, policy.reassessment, cal),
          rule: policy.reassessment,
        });
      }
      if (report.reporter.type === 'professional' || policy.receipt.sendToCitizens) {
        // A receipt may be retried for days: the next report must not wait for it.
        receiptsInFlight++;
        void sendReceipt(report.reportId, receivedAt).finally(() => receiptsInFlight--);
      }
      processingReport = false;
    }
  }

  /** Mails the receipt, retried until its deadline is at risk; then the coordinator is asked to send it. */
  async function sendReceipt(reportId: string, receivedAt: Date): Promise<void> {
    const deadline = addSpan(receivedAt, policy.receipt.deadline, cal);
    const atRisk = receiptAtRisk(policy, receivedAt, deadline);
    const attempt = async (windowMs: number): Promise<true | ActivityFailure> => {
      try {
        await receiptMail(windowMs).sendReceipt({ caseId: s.caseId, reportId });
        return true;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        return err;
      }
    };
    let sent = await attempt(atRisk.getTime() - Date.now());
    // Temporal stops retrying as soon as the next retry would start after the schedule-to-close
    // time, up to one retry interval early: wait for the moment of risk itself and try once more.
    if (
      sent !== true &&
      !(sent.cause instanceof ApplicationFailure && sent.cause.type === 'ReportNotFound') &&
      atRisk.getTime() > Date.now()
    ) {
      await sleep(atRisk.getTime() - Date.now());
      sent = await attempt(0);
    }
    if (sent === true) {
      s.receiptsSent.push(reportId);
      // The receipt figure (sent within 6 weekdays?) has its own event, written by a local activity.
      const onTime = Date.now() <= deadline.getTime();
      await projector.project({ events: [projector.event('receipt.sent', 'system', { reportId, onTime })] }, { local: true });
    } else {
      // Retried until the deadline came at risk: the coordinator sends the receipt another way, in time.
      tasks.open({
        kind: 'manual-receipt',
        assignee: 'coordinator',
        assigneeId: s.coordinatorId,
        subjectId: reportId,
        dueAt: deadline,
        rule: policy.receipt.manualReceipt,
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing towards the child's intake workflow: no report is dropped on the way out

  /** Closure is decided from the moment a triage 'close' or a close command is accepted. */
  function closing(): boolean {
    return !!s.closure || s.triage?.decision === 'close';
  }

  /** A report that came too late for this case goes back to the intake workflow, for the child's next case. */
  async function handBack(report: ReportOfConcern): Promise<void> {
    await tellIntake((intake) => intake.signal(reportReturnedSignal, { caseId: s.caseId, report }));
  }

  /** The last step of a case the intake started: anything left in the inbox goes back, then the intake learns of the closure. */
  async function handOverToIntake(): Promise<void> {
    // The last report's receipt is on its way: the case completes once it is sent (or handed to the coordinator).
    await condition(() => !processingReport && receiptsInFlight === 0 && projector.idle);
    while (s.inbox.length > 0) await handBack(s.inbox.shift()!);
    await tellIntake((intake) => intake.signal(caseClosedSignal, { caseId: s.caseId }));
    // A report signalled while we were telling the intake is handed back before the case completes.
    await condition(allHandlersFinished);
  }

  /**
   * Signals the intake workflow. It only ends when an admin ends it: then this case starts it again
   * (the API would too, with the child's next report), so what it carries is never lost.
   */
  async function tellIntake(send: (intake: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
    const workflowId = s.intakeWorkflowId!;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(getExternalWorkflowHandle(workflowId));
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('The intake workflow could not be signalled; starting it again', { caseId: s.caseId, intakeWorkflowId: workflowId });
      }
      try {
        await startChild('childIntakeWorkflow', {
          workflowId,
          args: [{ childId: workflowId.slice('child-'.length) }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        if (isCancellation(err)) throw err;
        // Started meanwhile (by the API, with the child's next report): the next signal reaches it.
      }
      await sleep(Math.min(1000 * 2 ** attempt, 3_600_000));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Transitions

  async function enterPhase(phase: CasePhase, actor: string): Promise<void> {
    const from = s.phase;
    if (from === phase) return;
    s.phase = phase;
    refreshSearchAttributes();
    await projector.project({ case: { phase }, events: [projector.event('case.phase-changed', actor, { from, to: phase })] });
  }

  async function startAssessment(actor: string): Promise<void> {
    // The clock runs from the day the municipality became aware: the first report.
    const awareSince = new Date(s.reports[0].receivedAt);
    const dueAt = dueAfter(awareSince, policy.assessment, cal);
    const task = tasks.open({
      kind: 'assessment',
      assignee: 'coordinator',
      assigneeId: s.coordinatorId,
      dueAt,
      rule: policy.assessment,
      actor,
    });
    s.assessment = { startedAt: new Date().toISOString(), dueAt: dueAt.toISOString(), taskId: task.taskId };
    await enterPhase('assessment', actor);
  }

  async function startMeasure(decision: CaseState['decisions'][number], actor: string): Promise<void> {
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
    if (s.triage?.decision === 'acute-measure' && measure.ladderStep >= policy.measure.placementFromStep) {
      // An urgent placement goes before the children and youth committee within 7 days (BL § 143).
      const dueAt = dueAfter(new Date(), policy.committeeReview, cal);
      tasks.open({ kind: 'committee-review', assignee: 'supervisor', subjectId: measureId, dueAt, rule: policy.committeeReview, actor });
    }
    if (!s.planTaskId && s.plan?.status !== 'approved') {
      // Barnets plan: due 3 months after the measure decision (BL §§ 91–92).
      const dueAt = dueAfter(new Date(), policy.plan, cal);
      s.planTaskId = tasks.open({
        kind: 'plan',
        assignee: 'coordinator',
        assigneeId: s.coordinatorId,
        dueAt,
        rule: policy.plan,
        actor,
      }).taskId;
    }
    if (s.phase === 'decision') await enterPhase('measures', actor);
  }

  async function close(actor: string, reason: string): Promise<void> {
    const at = new Date().toISOString();
    s.closure = { reason, at }; // from here on nothing opens a new task on the case
    const closing = s.closeOrContinueTaskId ? tasks.get(s.closeOrContinueTaskId) : undefined;
    if (closing?.status === 'open') await tasks.complete(closing.taskId, actor, { decision: 'close' });
    for (const t of tasks.openTasks()) await tasks.cancel(t.taskId, actor, 'case closed');
    const outcome: CaseOutcomeSnapshot = {
      triage: s.triage?.decision,
      assessment: s.assessment?.conclusion,
      measures: s.measures,
      goals: s.plan?.goals.map((g) => g.goalId) ?? [],
      // Goal progress (Gladsaxe: share of families closer to their goals).
      goalProgress: goalProgress(),
      closerToGoals: goalProgress().filter((g) => g.latest > g.first).length,
      coordinatorChanges: s.coordinatorChanges,
      reports: s.reports.length,
      policyVersion: policy.version,
    };
    s.closure = { reason, at, outcome };
    await projector.project({
      case: { closedAt: new Date(at), closureReason: reason, outcome: { ...outcome } },
      events: [projector.event('case.closed', actor, { reason, outcome })],
    });
    await enterPhase('closed', actor);
  }

  /** The earliest due time of the case's own open tasks and its running measures' tasks. */
  function nextDeadline(): Date | null {
    const own = tasks.nextDeadline();
    const times = Object.values(s.measureTasks)
      .map((m) => m.nextDeadline)
      .filter((d): d is string => !!d)
      .map((d) => Date.parse(d));
    if (own) times.push(own.getTime());
    return times.length ? new Date(Math.min(...times)) : null;
  }

  function escalationLevel(): number {
    return Math.max(tasks.maxEscalationLevel(), ...Object.values(s.measureTasks).map((m) => m.escalationLevel));
  }

  /** A measure's tasks changed: the case's search attributes and row follow. */
  function rollUpChanged(): void {
    refreshSearchAttributes();
    void projector.project({ case: { nextDeadline: nextDeadline(), escalationLevel: escalationLevel() } }).catch(() => undefined);
  }

  /** A case with no running measure and nothing waiting: the coordinator closes it or says why it continues. */
  function openCloseOrContinue(actor: string): void {
    if (s.closure || s.measures.some((m) => m.status === 'active')) return;
    if (s.decisions.some((d) => d.kind === 'measure' && d.status === 'pending')) return;
    const current = s.closeOrContinueTaskId ? tasks.get(s.closeOrContinueTaskId) : undefined;
    if (current?.status === 'open') return;
    s.closeOrContinueTaskId = tasks.open({
      kind: 'close-or-continue',
      assignee: 'coordinator',
      assigneeId: s.coordinatorId,
      dueAt: dueAfter(new Date(), policy.closeOrContinue, cal),
      rule: policy.closeOrContinue,
      actor,
    }).taskId;
  }

  async function signalMeasure<A>(measureId: string, def: SignalDefinition<[A]>, arg: A): Promise<void> {
    try {
      await getExternalWorkflowHandle(measureWorkflowId(measureId)).signal(def, arg);
    } catch {
      // The measure has already ended: nothing to tell it.
    }
  }

  function result(extra: Omit<CommandResult, 'id' | 'phase'> = {}): CommandResult {
    return { id: s.caseId, phase: s.phase, ...extra };
  }

  function refreshSearchAttributes(): void {
    const attributes = [
      { key: searchAttributes.casePhase, value: s.phase },
      { key: searchAttributes.coordinatorId, value: s.coordinatorId ?? null },
      { key: searchAttributes.teamId, value: s.teamId ?? null },
      { key: searchAttributes.nextDeadline, value: nextDeadline() },
      { key: searchAttributes.escalationLevel, value: escalationLevel() },
    ];
    // Each upsert is an event and a write to the visibility store: only a change is written.
    const key = JSON.stringify(attributes);
    if (key === upserted) return;
    upserted = key;
    upsertSearchAttributes(attributes);
  }

  function view(): CaseView {
    return {
      caseId: s.caseId,
      phase: s.phase,
      policyVersion: policy.version,
      coordinatorId: s.coordinatorId,
      teamId: s.teamId,
      coordinatorChanges: s.coordinatorChanges,
      reportIds: s.reports.map((r) => r.reportId),
      receiptsSent: [...s.receiptsSent],
      urgency: s.urgency,
      triage: s.triage,
      assessment: s.assessment && {
        startedAt: s.assessment.startedAt,
        dueAt: s.assessment.dueAt,
        submittedAt: s.assessment.submittedAt,
        conclusion: s.assessment.conclusion,
      },
      childConversations: s.childConversations,
      decisions: s.decisions.map(({ taskId: _t, measure: _m, goals: _g, ...d }) => d),
      plan: s.plan && {
        status: s.plan.status,
        goalIds: s.plan.goals.map((g) => g.goalId),
        dueAt: s.planTaskId ? tasks.get(s.planTaskId)?.dueAt : undefined,
      },
      goalProgress: goalProgress(),
      measures: s.measures.map((m) => ({ ...m })),
      openTasks: tasks.openTasks().map(taskView),
      nextDeadline: nextDeadline()?.toISOString(),
      escalationLevel: escalationLevel(),
      closure: s.closure,
      clockChangeRequests: (s.clockRequests ?? []).map((r) => ({ ...r })),
      runs: s.runs,
    };
  }

  /** A decision waiting for the supervisor's approval (four eyes), with its approval deadline. */
  function openDecision<D extends { measureId?: string; measure?: MeasureDetails; goals?: KeptGoal[] }>(
    kind: DecisionView['kind'],
    actor: string,
    details: () => D,
  ) {
    const decisionId = uuid4();
    const task = tasks.open({
      kind: 'approval',
      assignee: 'supervisor',
      subjectId: decisionId,
      dueAt: dueAfter(new Date(), policy.approval, cal),
      rule: policy.approval,
      actor,
    });
    const decision = {
      decisionId,
      kind,
      status: 'pending' as const,
      proposedBy: actor,
      proposedAt: new Date().toISOString(),
      ...details(),
      taskId: task.taskId,
    };
    s.decisions.push(decision);
    return decision;
  }

  /** The deadline rule a task of the case runs on (its steps start over from it when its due time is extended). */
  function caseTaskRule(kind: TaskKind): Omit<DeadlineRule, 'due'> {
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

  function goalProgress(): CaseView['goalProgress'] {
    return Object.entries(s.goalProgress ?? {}).map(([goalId, g]) => ({ goalId, ...g }));
  }

  function noteActor(actor: string): void {
    if (!s.actorsOnCase.includes(actor)) s.actorsOnCase.push(actor);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands (updates with validators: a rejected command leaves no trace in the history) and events

  function installHandlers(): void {
    const open = () => {
      if (s.phase === 'closed') rejectCommand(CommandRejection.WrongPhase, 'the case is closed');
    };
    const inPhase = (phases: CasePhase[], what: string) => {
      if (!phases.includes(s.phase)) rejectCommand(CommandRejection.WrongPhase, `${what} is not possible in phase ${s.phase}`);
    };
    const childHeard = (what: string) => {
      if (!s.childHeardSinceDecision) {
        rejectCommand(
          CommandRejection.ChildConversationMissing,
          `${what} needs a child conversation (børnesamtale) or a recorded exception first`,
        );
      }
    };

    gate.signal(
      reportReceivedSignal,
      'reportOfConcernSchema',
      (report) => {
        // A report sent twice (same idempotency key) reaches the case once.
        if (s.reports.some((r) => r.reportId === report.reportId) || s.inbox.some((r) => r.reportId === report.reportId)) return;
        // Once closure is decided the report belongs to the child's next case: the intake opens it.
        if (s.intakeWorkflowId && closing()) return handBack(report);
        s.inbox.push(report);
      },
      { inTurn: false },
    );

    gate.signal(measureEndedSignal, 'measureEndedSchema', async ({ measureId, reason }) => {
      const m = s.measures.find((x) => x.measureId === measureId);
      if (!m || m.status === 'ended') return;
      m.status = 'ended';
      // Only a measure that rolled its deadlines up has anything to take back.
      if (measureId in s.measureTasks) {
        delete s.measureTasks[measureId];
        rollUpChanged();
      }
      const projected = projector.project({ events: [projector.event('case.measure-ended', 'system', { measureId, reason })] });
      // A case left without a running measure is closed or continued on purpose.
      openCloseOrContinue('system');
      await projected;
    });

    gate.signal(goalsScoredSignal, 'goalsScoredSchema', async ({ measureId, scores }) => {
      s.goalProgress ??= {};
      for (const { goalId, score } of scores) {
        const g = s.goalProgress[goalId];
        s.goalProgress[goalId] = { first: g?.first ?? score, latest: score };
      }
      await projector.project({ goalScores: scores, events: [projector.event('goals.scored', 'system', { measureId, scores })] });
    });

    // A measure's deadlines count on the case too: its next deadline and escalation level roll up.
    gate.signal(measureTasksSignal, 'measureTasksSchema', async ({ measureId, nextDeadline, escalationLevel }) => {
      const m = s.measures.find((x) => x.measureId === measureId);
      if (!m || m.status === 'ended') return;
      s.measureTasks[measureId] = { nextDeadline, escalationLevel };
      rollUpChanged();
    });

    setHandler(caseViewQuery, view);

    gate.command(
      assignCoordinatorUpdate,
      'assignCoordinatorSchema',
      ({ coordinatorId }) => {
        open();
        if (coordinatorId === s.coordinatorId)
          rejectCommand(CommandRejection.AlreadyAssigned, `coordinatorId ${coordinatorId} already has the case`);
      },
      async ({ actor, coordinatorId, teamId, reason }) => {
        const previous = s.coordinatorId;
        await caseload.assignCase({ caseId: s.caseId, coordinatorId, teamId, cap: policy.caseloadCap });
        s.coordinatorId = coordinatorId;
        s.teamId = teamId;
        noteActor(actor);
        // The coordinator's open tasks move with the case, and so do the measures' tasks.
        const moved = tasks.openTasks().filter((t) => t.assignee === 'coordinator');
        // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
        const assigned = moved.flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, actor, 'coordinator-changed')?.event ?? []);
        const opened: string[] = [];
        if (previous) {
          s.coordinatorChanges++;
          opened.push(
            tasks.open({
              kind: 'read-in',
              assignee: 'coordinator',
              assigneeId: coordinatorId,
              dueAt: dueAfter(new Date(), policy.readIn, cal),
              rule: policy.readIn,
              actor,
            }).taskId,
          );
        }
        refreshSearchAttributes();
        await projector.project({
          case: { coordinatorChanges: s.coordinatorChanges },
          tasks: moved.map((t) => tasks.row(t)),
          events: [
            projector.event(previous ? 'case.coordinator-changed' : 'case.coordinator-assigned', actor, {
              from: previous,
              to: coordinatorId,
              teamId,
              reason,
            }),
            ...assigned,
          ],
        });
        const running = s.measures.filter((m) => m.status === 'active');
        for (const m of running) await signalMeasure(m.measureId, measureCoordinatorSignal, { coordinatorId });
        return result({ openedTaskIds: opened });
      },
    );

    gate.command(
      recordUrgencyAssessmentUpdate,
      'urgencyAssessmentSchema',
      () => {
        open();
        if (!s.reports.some((r) => !r.urgencyAssessed))
          rejectCommand(CommandRejection.WrongPhase, 'no report is waiting for an urgency assessment');
      },
      async ({ actor, childInDanger, acuteHelpNeeded }) => {
        const report = s.reports.find((r) => !r.urgencyAssessed)!;
        report.urgencyAssessed = true;
        noteActor(actor);
        const task = tasks.findOpen('urgency-assessment', report.reportId);
        const at = new Date();
        const onTime = !task || at.getTime() <= new Date(task.dueAt).getTime();
        s.urgency = { childInDanger, acuteHelpNeeded, at: at.toISOString(), onTime };
        if (task) await tasks.complete(task.taskId, actor, { childInDanger, acuteHelpNeeded });
        await projector.project({
          events: [
            projector.event('urgency-assessment.recorded', actor, { reportId: report.reportId, childInDanger, acuteHelpNeeded, onTime }),
          ],
        });
        return result();
      },
    );

    // Closing while a report waits would cancel its 24-hour assessment: every report is assessed first.
    const reportsSettled = () => {
      // A report leaves the inbox once it is recorded and its urgency task is open.
      if (s.inbox.length > 0)
        rejectCommand(CommandRejection.WrongPhase, 'a new report is being recorded; assess it before the case closes');
      const waiting = s.reports.find((r) => !r.urgencyAssessed);
      if (waiting) rejectCommand(CommandRejection.WrongPhase, `report ${waiting.reportId} is waiting for its urgency assessment`);
    };

    gate.command(
      decideTriageUpdate,
      'triageSchema',
      ({ decision }) => {
        inPhase(['intake', 'screening'], 'A triage decision');
        const allowed: TriageDecision[] =
          s.phase === 'intake' ? ['close', 'screening', 'assessment', 'acute-measure'] : ['close', 'assessment'];
        if (!allowed.includes(decision)) rejectCommand(CommandRejection.InvalidCommand, `decision must be one of ${allowed.join(', ')}`);
        if (s.phase === 'intake' && !s.urgency)
          rejectCommand(CommandRejection.WrongPhase, 'the urgency assessment must be recorded before triage');
        if (decision === 'close') reportsSettled();
      },
      async ({ actor, decision, reason }) => {
        noteActor(actor);
        s.triage = { decision, at: new Date().toISOString() };
        await projector.project({
          case: { triageDecision: decision },
          events: [projector.event('triage.decided', actor, { decision, reason })],
        });
        if (decision === 'close') await close(actor, reason);
        else if (decision === 'screening') await enterPhase('screening', actor);
        else await startAssessment(actor);
        return result();
      },
    );

    gate.command(recordChildConversationUpdate, 'childConversationSchema', open, async ({ actor, heldAt, exceptionReason }) => {
      noteActor(actor);
      s.childConversations++;
      s.childHeardSinceDecision = true;
      await projector.project({
        events: [
          projector.event(exceptionReason ? 'child-conversation.exception' : 'child-conversation.held', actor, {
            heldAt: heldAt ?? new Date().toISOString(),
            exceptionReason,
          }),
        ],
      });
      return result();
    });

    gate.command(
      submitAssessmentUpdate,
      'assessmentSchema',
      () => {
        inPhase(['assessment'], 'Submitting the assessment');
        childHeard('The assessment');
      },
      async ({ actor, conclusion, summary }) => {
        noteActor(actor);
        const a = s.assessment!;
        a.submittedAt = new Date().toISOString();
        a.conclusion = conclusion;
        s.childHeardSinceDecision = false;
        await tasks.complete(a.taskId, actor, { conclusion });
        if (a.preliminaryTaskId) await tasks.cancel(a.preliminaryTaskId, actor, 'assessment submitted');
        await projector.project({
          events: [projector.event('assessment.submitted', actor, { conclusion, summaryLength: summary.length, dueAt: a.dueAt })],
        });
        // A measure started during the assessment gets its first follow-up now (BL § 95).
        for (const m of s.measures.filter((x) => x.status === 'active')) {
          await signalMeasure(m.measureId, assessmentCompletedSignal, { at: a.submittedAt });
        }
        const measuresRunning = s.measures.some((m) => m.status === 'active');
        await enterPhase(measuresRunning ? 'measures' : 'decision', actor);
        if (!measuresRunning) openCloseOrContinue(actor);
        return result();
      },
    );

    gate.command(
      proposeMeasureUpdate,
      'measureProposalSchema',
      ({ measure }) => {
        open();
        const acute = s.phase === 'assessment' && s.triage?.decision === 'acute-measure';
        if (!acute) inPhase(['decision', 'measures'], 'Proposing a measure');
        measureRules(measure);
        if (s.decisions.filter((d) => d.kind === 'measure' && d.status === 'pending').length >= PENDING_MEASURES_MAX)
          rejectCommand(CommandRejection.WrongPhase, `${PENDING_MEASURES_MAX} measures already wait for approval`);
        childHeard('A measure decision');
      },
      async ({ actor, measure }) => {
        noteActor(actor);
        s.childHeardSinceDecision = false;
        const decision = openDecision('measure', actor, () => ({ measureId: uuid4(), measure }));
        const { decisionId } = decision;
        await projector.project({
          events: [
            projector.event('decision.proposed', actor, {
              decisionId,
              kind: 'measure',
              measureId: decision.measureId,
              ladderStep: measure.ladderStep,
              type: measure.type,
            }),
          ],
        });
        return result({ decisionId, measureId: decision.measureId, openedTaskIds: [decision.taskId] });
      },
    );

    gate.command(
      submitPlanUpdate,
      'planSchema',
      ({ goals }) => {
        inPhase(['decision', 'measures'], 'Submitting the plan');
        if (!s.decisions.some((d) => d.kind === 'measure'))
          rejectCommand(CommandRejection.WrongPhase, 'the plan follows a measure decision');
        if (s.decisions.some((d) => d.kind === 'plan' && d.status === 'pending'))
          rejectCommand(CommandRejection.WrongPhase, 'a plan is already waiting for approval');
        const ids = new Set<string>();
        goals.forEach((g, i) => {
          if (ids.has(g.goalId)) rejectCommand(CommandRejection.InvalidCommand, `goals[${i}].goalId ${g.goalId} is used twice`);
          ids.add(g.goalId);
        });
      },
      async ({ actor, goals }) => {
        noteActor(actor);
        // The workflow keeps what it decides on; the texts go to the read model.
        const kept = goals.map((g) => ({ goalId: g.goalId, ownerDepartment: g.ownerDepartment }));
        const decision = openDecision('plan', actor, () => ({ goals: kept }));
        const { decisionId } = decision;
        s.plan = { status: 'pending', goals: kept };
        await projector.project({
          goals: goals.map((g) => ({
            goalId: g.goalId,
            description: g.description,
            ownerDepartment: g.ownerDepartment,
            successMeasure: g.successMeasure,
          })),
          events: [
            projector.event('plan.submitted', actor, {
              decisionId,
              goals: goals.map((g) => ({ goalId: g.goalId, ownerDepartment: g.ownerDepartment })),
            }),
          ],
        });
        return result({ decisionId, openedTaskIds: [decision.taskId] });
      },
    );

    gate.command(
      decideApprovalUpdate,
      'approvalSchema',
      ({ actor, decisionId }) => {
        open();
        const d = s.decisions.find((x) => x.decisionId === decisionId);
        if (!d) rejectCommand(CommandRejection.InvalidCommand, `decisionId ${decisionId} is not a decision of this case`);
        if (d!.status !== 'pending') rejectCommand(CommandRejection.WrongPhase, `decision ${decisionId} is already ${d!.status}`);
        if (d!.proposedBy === actor)
          rejectCommand(CommandRejection.WrongPhase, 'a decision is approved by someone other than the one who proposed it (four eyes)');
      },
      async ({ actor, decisionId, approved, reason }: ApprovalCommand) => {
        noteActor(actor);
        const d = s.decisions.find((x) => x.decisionId === decisionId)!;
        d.status = approved ? 'approved' : 'rejected';
        d.decidedBy = actor;
        d.decidedAt = new Date().toISOString();
        await tasks.complete(d.taskId, actor, { decisionId, approved });
        await projector.project({
          events: [projector.event(approved ? 'decision.approved' : 'decision.rejected', actor, { decisionId, kind: d.kind, reason })],
        });
        if (approved && d.kind === 'measure') await startMeasure(d, actor);
        if (d.kind === 'plan') {
          if (approved) {
            s.plan = { status: 'approved', goals: d.goals! };
            if (s.planTaskId) await tasks.complete(s.planTaskId, actor, { decisionId });
          } else {
            s.plan = undefined;
          }
        }
        // The details served the decision; the measure and the read model keep them from here.
        delete d.measure;
        delete d.goals;
        return result({ decisionId, measureId: approved ? d.measureId : undefined });
      },
    );

    gate.command(
      recordReassessmentUpdate,
      'reassessmentSchema',
      ({ actor, taskId, childConversationHeld }) => {
        open();
        const task = tasks.get(taskId);
        if (!task || task.kind !== 'reassessment' || task.status !== 'open')
          rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open re-assessment`);
        if (s.actorsOnCase.includes(actor) || actor === s.coordinatorId) {
          rejectCommand(
            CommandRejection.NotNewToCase,
            `${actor} has worked on the case; a re-assessment needs someone new to it (BL § 137)`,
          );
        }
        const report = s.reports.find((r) => r.reportId === task!.subjectId);
        if (report?.concernsAbuse && childConversationHeld !== true) {
          rejectCommand(CommandRejection.ChildConversationMissing, 'a report about abuse is re-assessed with a child conversation');
        }
      },
      async ({ actor, taskId, outcome, childConversationHeld }) => {
        noteActor(actor);
        if (childConversationHeld) s.childConversations++;
        await tasks.complete(taskId, actor, { childConversationHeld });
        await projector.project({
          events: [
            projector.event('reassessment.recorded', actor, {
              taskId,
              reportId: tasks.get(taskId)?.subjectId,
              outcomeLength: outcome.length,
              childConversationHeld,
            }),
          ],
        });
        return result();
      },
    );

    const manualKinds: TaskKind[] = [
      'manual-receipt',
      'preliminary-assessment',
      'read-in',
      'appointment-conflict',
      'committee-review',
      'close-or-continue',
    ];
    installCompleteTask(gate, tasks, { kinds: manualKinds, owner: 'case', open, result: () => result(), onApply: noteActor });

    // A statutory clock of the case paused or extended, with a supervisor's approval.
    installClockChanges({
      gate,
      tasks,
      projector,
      policy,
      requests: () => (s.clockRequests ??= []),
      open,
      ruleFor: caseTaskRule,
      result,
      noteActor,
    });

    gate.command(
      closeCaseUpdate,
      'closeCaseSchema',
      () => {
        inPhase(['decision', 'measures'], 'Closing the case');
        if (s.measures.some((m) => m.status === 'active'))
          rejectCommand(CommandRejection.WrongPhase, 'measures are still running: end them first');
        if (s.decisions.some((d) => d.status === 'pending'))
          rejectCommand(CommandRejection.WrongPhase, 'a decision is waiting for approval');
        reportsSettled();
      },
      async ({ actor, reason }) => {
        noteActor(actor);
        await close(actor, reason);
        return result();
      },
    );

    // A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who).
    installReassignTask(gate, tasks, 'case', () => result(), open);
  }
}

function newCaseState(caseId: string): CaseState {
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

/** Rules of a measure beyond its schema: dates in order. */
function measureRules(m: MeasureDetails): void {
  if (Date.parse(m.plannedEnd) <= Date.parse(m.startDate))
    rejectCommand(CommandRejection.InvalidCommand, 'measure.plannedEnd must be after measure.startDate');
}
