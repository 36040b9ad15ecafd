/**
 * The life of one child case (børnesag), from the first report of concern to closure
 * (Barnets Lov; PRODUCT.md section 2). Read `caseWorkflow` top to bottom for the story; the
 * commands people send (Temporal updates) are further down, each with the rule that guards it.
 * Deterministic code only: side effects are activities, every wait is a Temporal timer.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePolicy, Span } from '../libs/policy/case-policy';
import { addSpan, dueAfter, subtractSpan } from '../libs/policy/deadline-schedule';
import {
  type ApprovalCommand,
  assessmentCompletedSignal,
  assignCoordinatorUpdate,
  type AssessmentConclusion,
  type CaseOutcome,
  type CasePhase,
  type CaseView,
  caseViewQuery,
  type CaseWorkflowInput,
  closeCaseUpdate,
  CommandRejection,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideTriageUpdate,
  type DecisionView,
  type MeasureDetails,
  goalsScoredSignal,
  measureEndedSignal,
  measureWorkflowId,
  type MeasureWorkflowInput,
  type PlanGoal,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordReassessmentUpdate,
  recordUrgencyAssessmentUpdate,
  type ReportOfConcern,
  reportReceivedSignal,
  searchAttributes,
  submitAssessmentUpdate,
  submitPlanUpdate,
  type TaskKind,
  type TriageDecision,
} from './contract';
import { Projector } from './support/projector';
import { requireText, rejectCommand, validDate } from './support/validation';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';

// Recording a report is an idempotent upsert: retry until the database is back.
const record = proxyActivities<Pick<Activities, 'recordReport'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

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
  decisions: (DecisionView & { taskId: string; measure?: MeasureDetails; goals?: PlanGoal[] })[];
  plan?: { status: 'pending' | 'approved'; goals: PlanGoal[] };
  planTaskId?: string;
  measures: { measureId: string; status: 'active' | 'ended'; ladderStep: number }[];
  goalProgress?: Record<string, { first: number; latest: number }>;
  tasks: Record<string, TaskRecord>;
  closure?: { reason: string; at: string };
  runs: number;
}

const PHASE_ORDER: CasePhase[] = ['intake', 'screening', 'assessment', 'decision', 'measures', 'closed'];

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const policy: CasePolicy = input.policy;
  const cal = policy.calendar;
  const s: CaseState = (input.resume as CaseState | undefined) ?? newCaseState(input.caseId);
  s.runs++;
  const projector = new Projector({ caseId: s.caseId });
  const tasks: TaskTracker = new TaskTracker(s.tasks, {
    cal,
    projector,
    onChange: refreshSearchAttributes,
    caseSummary: () => ({ nextDeadline: tasks.nextDeadline(), escalationLevel: tasks.maxEscalationLevel() }),
  });
  let processingReport = false;
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
  await condition(() => projector.idle && allHandlersFinished());
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
        await continueAsNew<typeof caseWorkflow>({ caseId: s.caseId, policy, resume: s });
      }
    }
  }

  function safeToContinueAsNew(): boolean {
    return (
      workflowInfo().continueAsNewSuggested &&
      projector.idle &&
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
      await record.recordReport({ caseId: s.caseId, policyVersion: policy.version, report });
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
        // A receipt may now be retried for days: the next report must not wait for it. Runs recorded
        // before this sent each receipt before taking the next report, and replay so.
        const delivery = sendReceipt(report.reportId, receivedAt);
        if (patched('receipt-retried-until-at-risk')) {
          receiptsInFlight++;
          void delivery.finally(() => receiptsInFlight--);
        } else {
          await delivery;
        }
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
    // (Runs recorded before this opened the coordinator's task at once.)
    if (
      sent !== true &&
      !(sent.cause instanceof ApplicationFailure && sent.cause.type === 'ReportNotFound') &&
      atRisk.getTime() > Date.now() &&
      patched('receipt-retried-until-at-risk')
    ) {
      await sleep(atRisk.getTime() - Date.now());
      sent = await attempt(0);
    }
    if (sent === true) {
      s.receiptsSent.push(reportId);
      // Added after cases were already running: the receipt figure (sent within 6 weekdays?)
      // needs its own event. Cases that passed this point before the change replay without it.
      if (patched('receipt-compliance-event')) {
        const onTime = Date.now() <= deadline.getTime();
        await projector.project({ events: [projector.event('receipt.sent', 'system', { reportId, onTime })] });
      }
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
    };
    // ABANDON: a measure outlives this run of the case workflow when the case continues as new.
    await startChild('measureWorkflow', {
      workflowId: measureWorkflowId(measureId),
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    s.measures.push({ measureId, status: 'active', ladderStep: measure.ladderStep });
    if (
      s.triage?.decision === 'acute-measure' &&
      measure.ladderStep >= policy.measure.placementFromStep &&
      patched('committee-review-task')
    ) {
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
    s.closure = { reason, at };
    for (const t of tasks.openTasks()) await tasks.cancel(t.taskId, actor, 'case closed');
    const outcome = {
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
    await projector.project({
      case: { closedAt: new Date(at), closureReason: reason, outcome },
      events: [projector.event('case.closed', actor, { reason, outcome })],
    });
    await enterPhase('closed', actor);
  }

  function refreshSearchAttributes(): void {
    const next = tasks.nextDeadline();
    upsertSearchAttributes([
      { key: searchAttributes.casePhase, value: s.phase },
      { key: searchAttributes.coordinatorId, value: s.coordinatorId ?? null },
      { key: searchAttributes.teamId, value: s.teamId ?? null },
      { key: searchAttributes.nextDeadline, value: next },
      { key: searchAttributes.escalationLevel, value: tasks.maxEscalationLevel() },
    ]);
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
      closure: s.closure,
      runs: s.runs,
    };
  }

  /** A decision waiting for the supervisor's approval (four eyes), with its approval deadline. */
  function openDecision<D extends { measureId?: string; measure?: MeasureDetails; goals?: PlanGoal[] }>(
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

    setHandler(reportReceivedSignal, (report) => {
      // A report sent twice (same idempotency key) reaches the case once.
      if (s.reports.some((r) => r.reportId === report.reportId) || s.inbox.some((r) => r.reportId === report.reportId)) return;
      s.inbox.push(report);
    });

    setHandler(measureEndedSignal, async ({ measureId, reason }) => {
      const m = s.measures.find((x) => x.measureId === measureId);
      if (!m || m.status === 'ended') return;
      m.status = 'ended';
      await projector.project({ events: [projector.event('case.measure-ended', 'system', { measureId, reason })] });
    });

    setHandler(goalsScoredSignal, async ({ measureId, scores }) => {
      s.goalProgress ??= {};
      for (const { goalId, score } of scores) {
        const g = s.goalProgress[goalId];
        s.goalProgress[goalId] = { first: g?.first ?? score, latest: score };
      }
      await projector.project({ goalScores: scores, events: [projector.event('goals.scored', 'system', { measureId, scores })] });
    });

    setHandler(caseViewQuery, view);

    setHandler(
      assignCoordinatorUpdate,
      async ({ actor, coordinatorId, teamId, reason }) => {
        const previous = s.coordinatorId;
        try {
          await caseload.assignCase({ caseId: s.caseId, coordinatorId, teamId, cap: policy.caseloadCap });
        } catch (err) {
          if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
          throw err;
        }
        s.coordinatorId = coordinatorId;
        s.teamId = teamId;
        noteActor(actor);
        // The coordinator's open tasks move with the case.
        const moved = tasks.openTasks().filter((t) => t.assignee === 'coordinator');
        for (const t of moved) t.assigneeId = coordinatorId;
        if (previous) {
          s.coordinatorChanges++;
          tasks.open({
            kind: 'read-in',
            assignee: 'coordinator',
            assigneeId: coordinatorId,
            dueAt: dueAfter(new Date(), policy.readIn, cal),
            rule: policy.readIn,
            actor,
          });
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
          ],
        });
        return view();
      },
      {
        validator: ({ actor, coordinatorId, teamId }) => {
          open();
          requireText(actor, 'actor');
          requireText(coordinatorId, 'coordinatorId');
          requireText(teamId, 'teamId');
          if (coordinatorId === s.coordinatorId)
            rejectCommand(CommandRejection.AlreadyAssigned, `coordinatorId ${coordinatorId} already has the case`);
        },
      },
    );

    setHandler(
      recordUrgencyAssessmentUpdate,
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
        return view();
      },
      {
        validator: ({ actor, childInDanger, acuteHelpNeeded }) => {
          open();
          requireText(actor, 'actor');
          if (typeof childInDanger !== 'boolean') rejectCommand(CommandRejection.InvalidCommand, 'childInDanger must be true or false');
          if (typeof acuteHelpNeeded !== 'boolean') rejectCommand(CommandRejection.InvalidCommand, 'acuteHelpNeeded must be true or false');
          if (!s.reports.some((r) => !r.urgencyAssessed))
            rejectCommand(CommandRejection.WrongPhase, 'no report is waiting for an urgency assessment');
        },
      },
    );

    setHandler(
      decideTriageUpdate,
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
        return view();
      },
      {
        validator: ({ actor, decision, reason }) => {
          inPhase(['intake', 'screening'], 'A triage decision');
          requireText(actor, 'actor');
          requireText(reason, 'reason');
          const allowed: TriageDecision[] =
            s.phase === 'intake' ? ['close', 'screening', 'assessment', 'acute-measure'] : ['close', 'assessment'];
          if (!allowed.includes(decision)) rejectCommand(CommandRejection.InvalidCommand, `decision must be one of ${allowed.join(', ')}`);
          if (s.phase === 'intake' && !s.urgency)
            rejectCommand(CommandRejection.WrongPhase, 'the urgency assessment must be recorded before triage');
        },
      },
    );

    setHandler(
      recordChildConversationUpdate,
      async ({ actor, heldAt, exceptionReason }) => {
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
        return view();
      },
      {
        validator: ({ actor, heldAt, exceptionReason }) => {
          open();
          requireText(actor, 'actor');
          if (heldAt !== undefined) validDate(heldAt, 'heldAt');
          if (exceptionReason !== undefined) requireText(exceptionReason, 'exceptionReason');
        },
      },
    );

    setHandler(
      submitAssessmentUpdate,
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
          await getExternalWorkflowHandle(measureWorkflowId(m.measureId)).signal(assessmentCompletedSignal, { at: a.submittedAt });
        }
        await enterPhase(s.measures.some((m) => m.status === 'active') ? 'measures' : 'decision', actor);
        return view();
      },
      {
        validator: ({ actor, conclusion, summary }) => {
          inPhase(['assessment'], 'Submitting the assessment');
          requireText(actor, 'actor');
          requireText(summary, 'summary');
          if (!['measures-needed', 'no-measures'].includes(conclusion))
            rejectCommand(CommandRejection.InvalidCommand, 'conclusion must be measures-needed or no-measures');
          childHeard('The assessment');
        },
      },
    );

    setHandler(
      proposeMeasureUpdate,
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
        const { taskId: _t, measure: _m, ...v } = decision;
        return v;
      },
      {
        validator: ({ actor, measure }) => {
          open();
          const acute = s.phase === 'assessment' && s.triage?.decision === 'acute-measure';
          if (!acute) inPhase(['decision', 'measures'], 'Proposing a measure');
          requireText(actor, 'actor');
          validateMeasure(measure);
          childHeard('A measure decision');
        },
      },
    );

    setHandler(
      submitPlanUpdate,
      async ({ actor, goals }) => {
        noteActor(actor);
        const decision = openDecision('plan', actor, () => ({ goals }));
        const { decisionId } = decision;
        s.plan = { status: 'pending', goals };
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
        const { taskId: _t, goals: _g, ...v } = decision;
        return v;
      },
      {
        validator: ({ actor, goals }) => {
          inPhase(['decision', 'measures'], 'Submitting the plan');
          requireText(actor, 'actor');
          if (!s.decisions.some((d) => d.kind === 'measure'))
            rejectCommand(CommandRejection.WrongPhase, 'the plan follows a measure decision');
          if (s.decisions.some((d) => d.kind === 'plan' && d.status === 'pending'))
            rejectCommand(CommandRejection.WrongPhase, 'a plan is already waiting for approval');
          if (!Array.isArray(goals) || goals.length === 0)
            rejectCommand(CommandRejection.InvalidCommand, 'goals must list at least one goal');
          const ids = new Set<string>();
          goals.forEach((g, i) => {
            requireText(g?.goalId, `goals[${i}].goalId`);
            requireText(g.description, `goals[${i}].description`);
            requireText(g.ownerDepartment, `goals[${i}].ownerDepartment`);
            requireText(g.successMeasure, `goals[${i}].successMeasure`);
            if (ids.has(g.goalId)) rejectCommand(CommandRejection.InvalidCommand, `goals[${i}].goalId ${g.goalId} is used twice`);
            ids.add(g.goalId);
          });
        },
      },
    );

    setHandler(
      decideApprovalUpdate,
      async ({ actor, decisionId, approved, reason }: ApprovalCommand) => {
        noteActor(actor);
        const d = s.decisions.find((x) => x.decisionId === decisionId)!;
        d.status = approved ? 'approved' : 'rejected';
        d.decidedBy = actor;
        d.decidedAt = new Date().toISOString();
        d.reason = reason;
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
        return view();
      },
      {
        validator: ({ actor, decisionId, approved, reason }) => {
          open();
          requireText(actor, 'actor');
          requireText(reason, 'reason');
          if (typeof approved !== 'boolean') rejectCommand(CommandRejection.InvalidCommand, 'approved must be true or false');
          const d = s.decisions.find((x) => x.decisionId === decisionId);
          if (!d) rejectCommand(CommandRejection.InvalidCommand, `decisionId ${decisionId} is not a decision of this case`);
          if (d!.status !== 'pending') rejectCommand(CommandRejection.WrongPhase, `decision ${decisionId} is already ${d!.status}`);
          if (d!.proposedBy === actor)
            rejectCommand(CommandRejection.WrongPhase, 'a decision is approved by someone other than the one who proposed it (four eyes)');
        },
      },
    );

    setHandler(
      recordReassessmentUpdate,
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
        return view();
      },
      {
        validator: ({ actor, taskId, outcome, childConversationHeld }) => {
          open();
          requireText(actor, 'actor');
          requireText(outcome, 'outcome');
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
      },
    );

    const manualKinds: TaskKind[] = ['manual-receipt', 'preliminary-assessment', 'read-in', 'appointment-conflict', 'committee-review'];
    setHandler(
      completeTaskUpdate,
      async ({ actor, taskId, note }) => {
        noteActor(actor);
        await tasks.complete(taskId, actor, { noted: !!note });
        return view();
      },
      {
        validator: ({ actor, taskId }) => {
          open();
          requireText(actor, 'actor');
          const task = tasks.get(taskId);
          if (!task || task.status !== 'open')
            rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open task of this case`);
          if (!manualKinds.includes(task!.kind))
            rejectCommand(CommandRejection.WrongPhase, `a ${task!.kind} task is done through its own command`);
        },
      },
    );

    setHandler(
      closeCaseUpdate,
      async ({ actor, reason }) => {
        noteActor(actor);
        await close(actor, reason);
        return view();
      },
      {
        validator: ({ actor, reason }) => {
          inPhase(['decision', 'measures'], 'Closing the case');
          requireText(actor, 'actor');
          requireText(reason, 'reason');
          if (s.measures.some((m) => m.status === 'active'))
            rejectCommand(CommandRejection.WrongPhase, 'measures are still running: end them first');
          if (s.decisions.some((d) => d.status === 'pending'))
            rejectCommand(CommandRejection.WrongPhase, 'a decision is waiting for approval');
        },
      },
    );
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
    tasks: {},
    runs: 0,
  };
}

function validateMeasure(m: MeasureDetails | undefined): void {
  if (!m || typeof m !== 'object') rejectCommand(CommandRejection.InvalidCommand, 'measure is required');
  requireText(m!.type, 'measure.type');
  requireText(m!.provider, 'measure.provider');
  if (!Number.isInteger(m!.ladderStep) || m!.ladderStep < 1 || m!.ladderStep > 6)
    rejectCommand(CommandRejection.InvalidCommand, 'measure.ladderStep must be a whole number from 1 to 6');
  if (typeof m!.monthlyCost !== 'number' || !(m!.monthlyCost >= 0))
    rejectCommand(CommandRejection.InvalidCommand, 'measure.monthlyCost must be a number of kroner, 0 or more');
  const start = validDate(m!.startDate, 'measure.startDate');
  const end = validDate(m!.plannedEnd, 'measure.plannedEnd');
  if (end <= start) rejectCommand(CommandRejection.InvalidCommand, 'measure.plannedEnd must be after measure.startDate');
  if (!Array.isArray(m!.goalIds)) rejectCommand(CommandRejection.InvalidCommand, 'measure.goalIds must be a list');
  if (m!.childBirthDate !== undefined) validDate(m!.childBirthDate, 'measure.childBirthDate');
}
