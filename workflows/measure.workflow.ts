/**
 * One measure (foranstaltning / indsats) of a child case, with its own follow-up clock
 * (BL § 95): the first follow-up 3 months after the start (or at the end of a parallel
 * assessment, whichever is earlier), then the cadence the coordinator sets; tilsyn twice a year
 * for placements; a decision before the planned end; and for placed children the decision on
 * support after 18 in time. Measures that do not move the goals are stopped (Aabenraa).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { addCalendarMonths } from '../libs/calendar/danish-calendar';
import { type CasePolicy, type DeadlineRule, returnHomeRules } from '../libs/policy/case-policy';
import { addSpan, spanAtLeast, subtractSpan } from '../libs/policy/deadline-schedule';
import {
  assessmentCompletedSignal,
  caseWorkflowId,
  type ClockChangeRequestView,
  CommandRejection,
  type CommandResult,
  completeAgreedActionUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  type FollowUpCommand,
  type FollowUpView,
  goalsScoredSignal,
  type MeasureDetails,
  measureCoordinatorSignal,
  measureEndedSignal,
  measureTasksSignal,
  type MeasureView,
  measureViewQuery,
  type MeasureWorkflowInput,
  planReturnHomeUpdate,
  recordReturnHomeUpdate,
  type ReturnHomeView,
  recordFollowUpUpdate,
  recordSupervisionVisitUpdate,
  searchAttributes,
  type TaskKind,
} from './contract';
import { installClockChanges } from './support/clock-changes';
import { type AppliedCommand, CommandGate } from './support/command-gate';
import { Projector } from './support/projector';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';
import { installCompleteTask } from './support/complete-task';
import { installReassignTask } from './support/task-assignment';
import { rejectCommand } from './support/validation';

interface MeasureState {
  measureId: string;
  caseId: string;
  decisionId: string;
  measure: MeasureDetails;
  /** The case's coordinator: the measure's own tasks are theirs. */
  coordinatorId?: string;
  status: 'active' | 'ended';
  ladderStep: number;
  plannedEnd: string;
  assessmentOngoing: boolean;
  started: boolean;
  followUpTaskId?: string;
  /** The latest follow-up meetings (the read model keeps them all) and how many were held. */
  followUps: FollowUpView[];
  followUpsHeld: number;
  /** Open agreed actions, and done ones until the next continue-as-new. Their texts live in the read model. */
  actions: {
    actionId: string;
    owner: string;
    dueAt: string;
    status: 'open' | 'done';
    followUpId: string;
    taskId: string;
  }[];
  supervisionVisits: number;
  supervisionTaskId?: string;
  endDecisionTaskId?: string;
  turning18TaskId?: string;
  endReason?: string;
  tasks: Record<string, TaskRecord>;
  /** Answers to recent commands, by update id: a repeated command gets the first answer. */
  applied: AppliedCommand[];
  /** A return home (hjemgivelse, BL § 100) planned or under way, with its tasks. */
  returnHome?: ReturnHomeView & { statementTaskId: string; planRevisionTaskId: string };
  /** Requests to pause or extend a clock of the measure, waiting for a supervisor. */
  clockRequests?: ClockChangeRequestView[];
  /** The next deadline and escalation level last told to the case. */
  rolledUp?: { nextDeadline: string | null; escalationLevel: number };
  runs: number;
}

/** Follow-up meetings kept in the workflow's state and view; the read model keeps every one. */
const FOLLOW_UPS_KEPT = 24;
/** Agreed actions open at once on one measure: a bound on the state, far above any real meeting. */
const OPEN_ACTIONS_MAX = 100;

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureView> {
  const policy: CasePolicy = input.policy;
  const cal = policy.calendar;
  const rules = policy.measure;
  const s: MeasureState = (input.resume as MeasureState | undefined) ?? newMeasureState(input);
  s.runs++;
  const projector = new Projector({ caseId: s.caseId });
  const gate = new CommandGate(s.applied);
  // The case rolls up the measure's deadlines: each change is told to it (tellCase).
  let rollUpDue = false;
  let rollingUp = false;
  const tasks: TaskTracker = new TaskTracker(s.tasks, {
    cal,
    projector,
    measureId: s.measureId,
    onChange: refreshSearchAttributes,
    caseSummary: () => undefined,
  });
  const isPlacement = () => s.ladderStep >= rules.placementFromStep;
  /** Placed now: a placement step, and not yet returned home (then tilsyn has stopped). */
  const placed = () => isPlacement() && (!s.returnHome || s.returnHome.status === 'planned');

  installHandlers();
  void returnHomeClock();
  tasks.resumeAll();
  refreshSearchAttributes();
  void tellCase();

  // The measure starts: recorded, and every clock it carries is set.
  if (!s.started) {
    const start = new Date(s.measure.startDate);
    await projectMeasure('measure.started', 'system', {
      ladderStep: s.ladderStep,
      type: s.measure.type,
      monthlyCost: s.measure.monthlyCost,
    });
    openFollowUp(addSpan(start, rules.firstFollowUp, cal));
    openEndDecision();
    if (isPlacement()) openSupervisionVisit(addSpan(start, rules.supervisionVisitInterval, cal));
    if (isPlacement() && s.measure.childBirthDate) {
      const eighteen = addCalendarMonths(new Date(s.measure.childBirthDate), 18 * 12, cal.timeZone);
      s.turning18TaskId = openMeasureTask('turning-18', subtractSpan(eighteen, rules.turning18Before, cal), rules.turning18);
    }
    s.started = true;
  }

  // Follow-up meetings come and go (see recordFollowUp) until a decision ends the measure.
  // Between meetings, when the history has grown long, the measure continues as new.
  const ended = () => s.status === 'ended';
  for (;;) {
    await condition(() => ended() || workflowInfo().continueAsNewSuggested);
    if (ended()) break;
    await condition(() => ended() || quiet());
    if (ended()) break;
    // Other coroutines may have run between the condition and here: check again, then go at once.
    if (!quiet()) continue;
    tasks.forgetFinished();
    s.actions = s.actions.filter((a) => a.status === 'open');
    await continueAsNew<typeof measureWorkflow>({ ...input, resume: s });
  }

  await condition(() => projector.idle && allHandlersFinished());
  return view();

  function quiet(): boolean {
    return projector.idle && gate.idle && !rollUpDue && !rollingUp && allHandlersFinished();
  }

  /** Tells the case the measure's next deadline and escalation level whenever they change, one signal at a time. */
  async function tellCase(): Promise<void> {
    for (;;) {
      await condition(() => rollUpDue || s.status === 'ended');
      if (s.status === 'ended') return;
      rollUpDue = false;
      const summary = { nextDeadline: tasks.nextDeadline()?.toISOString() ?? null, escalationLevel: tasks.maxEscalationLevel() };
      if (s.rolledUp?.nextDeadline === summary.nextDeadline && s.rolledUp?.escalationLevel === summary.escalationLevel) continue;
      rollingUp = true;
      try {
        await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(measureTasksSignal, { measureId: s.measureId, ...summary });
        s.rolledUp = summary;
      } catch {
        // The case has closed: nothing left to roll up into.
      } finally {
        rollingUp = false;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A coordinator's task about this measure, due at `dueAt`, with the policy's reminders and escalations. */
  function openMeasureTask(kind: TaskKind, dueAt: Date, rule: Omit<DeadlineRule, 'due'>): string {
    return tasks.open({ kind, assignee: 'coordinator', assigneeId: s.coordinatorId, subjectId: s.measureId, dueAt, rule }).taskId;
  }

  function openFollowUp(dueAt: Date): void {
    s.followUpTaskId = openMeasureTask('follow-up', dueAt, rules.followUp);
  }

  function openEndDecision(): void {
    s.endDecisionTaskId = openMeasureTask(
      'measure-end-decision',
      subtractSpan(new Date(s.plannedEnd), rules.endDecisionBefore, cal),
      rules.endDecision,
    );
  }

  function openSupervisionVisit(dueAt: Date): void {
    s.supervisionTaskId = openMeasureTask('supervision-visit', dueAt, rules.supervisionVisit);
  }

  async function projectMeasure(eventType: string, actor: string, data: Record<string, unknown>): Promise<void> {
    await projector.project({
      measures: [
        {
          id: s.measureId,
          decisionId: s.decisionId,
          type: s.measure.type,
          ladderStep: s.ladderStep,
          provider: s.measure.provider,
          monthlyCost: String(s.measure.monthlyCost),
          startDate: new Date(s.measure.startDate),
          plannedEnd: new Date(s.plannedEnd),
          status: s.status,
          endedAt: s.status === 'ended' ? new Date() : null,
          endReason: s.endReason ?? null,
        },
      ],
      events: [projector.event(eventType, actor, { measureId: s.measureId, ...data })],
    });
  }

  async function end(actor: string, reason: string): Promise<void> {
    s.status = 'ended';
    s.endReason = reason;
    for (const t of tasks.openTasks()) await tasks.cancel(t.taskId, actor, 'measure ended');
    refreshSearchAttributes();
    await projectMeasure('measure.ended', actor, { reason });
    await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(measureEndedSignal, {
      measureId: s.measureId,
      reason,
      at: new Date().toISOString(),
    });
  }

  function refreshSearchAttributes(): void {
    upsertSearchAttributes([
      { key: searchAttributes.casePhase, value: `measure-${s.status}` },
      { key: searchAttributes.nextDeadline, value: tasks.nextDeadline() },
      { key: searchAttributes.escalationLevel, value: tasks.maxEscalationLevel() },
    ]);
    rollUpDue = true;
  }

  function result(extra: Omit<CommandResult, 'id' | 'phase'> = {}): CommandResult {
    return { id: s.measureId, phase: s.status, ...extra };
  }

  function view(): MeasureView {
    return {
      measureId: s.measureId,
      caseId: s.caseId,
      status: s.status,
      ladderStep: s.ladderStep,
      plannedEnd: s.plannedEnd,
      nextFollowUpDueAt: s.followUpTaskId ? tasks.get(s.followUpTaskId)?.dueAt : undefined,
      followUps: s.followUps.map((f) => ({ ...f })),
      followUpsHeld: s.followUpsHeld,
      agreedActions: s.actions.map(({ taskId: _t, ...a }) => a),
      supervisionVisits: s.supervisionVisits,
      openTasks: tasks.openTasks().map(taskView),
      endReason: s.endReason,
      placed: placed(),
      returnHome: s.returnHome && {
        status: s.returnHome.status,
        plannedReturnDate: s.returnHome.plannedReturnDate,
        plannedAt: s.returnHome.plannedAt,
        returnedAt: s.returnHome.returnedAt,
        periodEndsAt: s.returnHome.periodEndsAt,
      },
      clockChangeRequests: (s.clockRequests ?? []).map((r) => ({ ...r })),
      runs: s.runs,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Return home (hjemgivelse, BL § 100)

  /** The planned return comes by itself on its date, and the return-home period ends by itself. */
  async function returnHomeClock(): Promise<void> {
    for (;;) {
      // No timer until a return is planned: a measure without one adds nothing to its history here.
      await condition(() => s.status === 'ended' || (!!s.returnHome && s.returnHome.status !== 'period-ended'));
      if (s.status === 'ended') return;
      const rh = s.returnHome!;
      const status = rh.status;
      const at = status === 'planned' ? rh.plannedReturnDate : rh.periodEndsAt!;
      const changed = () =>
        s.status === 'ended' || s.returnHome?.status !== status || (status === 'planned' && s.returnHome.plannedReturnDate !== at);
      const wait = Date.parse(at) - Date.now();
      if (wait > 0 && (await condition(changed, wait))) continue;
      if (changed()) continue;
      if (status === 'planned') await returnHome('system', new Date());
      else await endReturnHomePeriod();
    }
  }

  /** The child has returned home: the placement becomes a return-home period, tilsyn stops, follow-up within the period. */
  async function returnHome(actor: string, returnedAt: Date): Promise<void> {
    const rh = s.returnHome!;
    const r = returnHomeRules(policy);
    const periodEndsAt = addSpan(returnedAt, r.period, cal);
    rh.status = 'returned';
    rh.returnedAt = returnedAt.toISOString();
    rh.periodEndsAt = periodEndsAt.toISOString();
    if (s.supervisionTaskId) await tasks.cancel(s.supervisionTaskId, actor, 'returned home: supervision visits (tilsyn) stop');
    // The follow-up (opfølgning) falls within the return-home period, and the decision on the measure at its end.
    const followUpBy = new Date(Math.min(addSpan(returnedAt, r.followUpAfterReturn, cal).getTime(), periodEndsAt.getTime()));
    const moves = [];
    const followUp = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
    if (followUp?.status === 'open' && Date.parse(followUp.dueAt) > followUpBy.getTime())
      moves.push(tasks.reschedule(followUp.taskId, followUpBy, rules.followUp, actor, 'return-home period: follow-up within it'));
    else if (followUp?.status !== 'open') openFollowUp(followUpBy);
    const endDecision = s.endDecisionTaskId ? tasks.get(s.endDecisionTaskId) : undefined;
    if (endDecision?.status === 'open' && Date.parse(endDecision.dueAt) > periodEndsAt.getTime())
      moves.push(tasks.reschedule(endDecision.taskId, periodEndsAt, rules.endDecision, actor, 'return-home period: decide at its end'));
    const moved = moves.filter((m) => !!m);
    await projector.project({
      tasks: moved.map((m) => m.row),
      events: [
        ...moved.map((m) => m.event),
        projector.event('return-home.started', actor, {
          measureId: s.measureId,
          plannedReturnDate: rh.plannedReturnDate,
          returnedAt: rh.returnedAt,
          periodEndsAt: rh.periodEndsAt,
          followUpDueAt: s.followUpTaskId ? tasks.get(s.followUpTaskId)?.dueAt : undefined,
        }),
      ],
    });
  }

  async function endReturnHomePeriod(): Promise<void> {
    const rh = s.returnHome!;
    rh.status = 'period-ended';
    await projector.project({
      events: [
        projector.event('return-home.period-ended', 'system', {
          measureId: s.measureId,
          returnedAt: rh.returnedAt,
          periodEndsAt: rh.periodEndsAt,
          endDecisionDueAt: s.endDecisionTaskId ? tasks.get(s.endDecisionTaskId)?.dueAt : undefined,
        }),
      ],
    });
  }

  /** Leaving the placement steps (stepped down below them): supervision visits (tilsyn) stop. */
  async function leavePlacement(actor: string, wasPlacement: boolean): Promise<void> {
    if (!wasPlacement || isPlacement()) return;
    const task = s.supervisionTaskId ? tasks.get(s.supervisionTaskId) : undefined;
    if (task?.status === 'open') await tasks.cancel(task.taskId, actor, 'left placement: supervision visits (tilsyn) stop');
  }

  /** The deadline rule a task of the measure runs on (its steps start over from it when its due time is extended). */
  function measureTaskRule(kind: TaskKind): Omit<DeadlineRule, 'due'> {
    const r = returnHomeRules(policy);
    const byKind: Partial<Record<TaskKind, Omit<DeadlineRule, 'due'>>> = {
      'follow-up': rules.followUp,
      'agreed-action': rules.agreedAction,
      'supervision-visit': rules.supervisionVisit,
      'measure-end-decision': rules.endDecision,
      'turning-18': rules.turning18,
      'placement-statement': r.statement,
      'plan-revision': r.planRevision,
    };
    return byKind[kind] ?? rules.followUp;
  }

  function installHandlers(): void {
    const active = () => {
      if (s.status !== 'active') rejectCommand(CommandRejection.WrongPhase, 'the measure has ended');
    };

    setHandler(measureViewQuery, view);

    // The parallel assessment ended: the first follow-up comes now, if that is earlier.
    gate.signal(assessmentCompletedSignal, 'assessmentCompletedSchema', async ({ at }) => {
      if (!s.assessmentOngoing || s.status !== 'active') return;
      s.assessmentOngoing = false;
      const current = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
      const dueAt = addSpan(new Date(at), rules.followUpAfterAssessment, cal);
      if (s.followUpsHeld === 0 && current?.status === 'open' && dueAt.getTime() < new Date(current.dueAt).getTime()) {
        await tasks.cancel(current.taskId, 'system', 'assessment ended: first follow-up moved earlier');
        openFollowUp(dueAt);
      }
    });

    // The case has a new coordinator: the measure's tasks are theirs from now on.
    gate.signal(measureCoordinatorSignal, 'measureCoordinatorSchema', async ({ coordinatorId }) => {
      if (s.status !== 'active' || s.coordinatorId === coordinatorId) return;
      s.coordinatorId = coordinatorId;
      const moved = tasks.openTasks().filter((t) => t.assignee === 'coordinator');
      // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
      const assigned = moved.flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, 'system', 'coordinator-changed')?.event ?? []);
      await projector.project({ tasks: moved.map((t) => tasks.row(t)), events: assigned });
    });

    gate.command(
      recordFollowUpUpdate,
      'followUpSchema',
      (cmd: FollowUpCommand) => {
        active();
        const task = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
        if (!task || task.status !== 'open') rejectCommand(CommandRejection.WrongPhase, 'no follow-up is scheduled');
        cmd.scores.forEach((sc, i) => {
          if (!s.measure.goalIds.includes(sc.goalId))
            rejectCommand(CommandRejection.InvalidCommand, `scores[${i}].goalId ${sc.goalId} is not a goal of the measure`);
          if (cmd.scores.findIndex((x) => x.goalId === sc.goalId) !== i)
            rejectCommand(CommandRejection.InvalidCommand, `scores[${i}].goalId ${sc.goalId} is scored twice`);
        });
        for (const goalId of s.measure.goalIds) {
          if (!cmd.scores.some((sc) => sc.goalId === goalId))
            rejectCommand(CommandRejection.InvalidCommand, `scores must score goal ${goalId} of the measure`);
        }
        if (cmd.decision === 'step-down' && (cmd.newLadderStep === undefined || cmd.newLadderStep >= s.ladderStep))
          rejectCommand(CommandRejection.InvalidCommand, `newLadderStep must be a step below ${s.ladderStep}`);
        const open = s.actions.filter((a) => a.status === 'open').length;
        if (open + cmd.agreedActions.length > OPEN_ACTIONS_MAX)
          rejectCommand(
            CommandRejection.WrongPhase,
            `the measure would have more than ${OPEN_ACTIONS_MAX} open agreed actions: mark those done that are done first`,
          );
        if (cmd.nextFollowUp && !spanAtLeast(cmd.nextFollowUp.after, rules.minimumFollowUpCadence))
          rejectCommand(CommandRejection.InvalidCommand, 'nextFollowUp.after is shorter than the policy allows');
      },
      async (cmd) => {
        const now = new Date();
        const task = tasks.get(s.followUpTaskId!)!;
        const onTime = now.getTime() <= new Date(task.dueAt).getTime();
        const followUpId = uuid4();
        // What was agreed last time and is not done is shown at this meeting and escalated.
        const notDone = s.actions.filter((a) => a.status === 'open');
        await tasks.complete(task.taskId, cmd.actor, { followUpId });

        const ending = cmd.decision === 'stop' || cmd.decision === 'replace';
        const wasPlacement = isPlacement();
        if (cmd.decision === 'step-down') s.ladderStep = cmd.newLadderStep!;
        const nextDue = ending ? undefined : addSpan(now, cmd.nextFollowUp?.after ?? rules.followUpCadence, cal);
        const followUp: FollowUpView = {
          followUpId,
          heldAt: cmd.heldAt ?? now.toISOString(),
          onTime,
          decision: cmd.decision,
          scores: cmd.scores,
          actionsNotDone: notDone.map((a) => a.actionId),
          nextDueAt: nextDue?.toISOString(),
        };
        s.followUps.push(followUp);
        s.followUpsHeld++;
        if (s.followUps.length > FOLLOW_UPS_KEPT) s.followUps.splice(0, s.followUps.length - FOLLOW_UPS_KEPT);
        const newActions = nextDue
          ? cmd.agreedActions.map((a) => {
              const t = tasks.open({
                kind: 'agreed-action',
                assignee: 'partner',
                assigneeId: a.owner,
                subjectId: s.measureId,
                dueAt: nextDue,
                rule: rules.agreedAction,
                actor: cmd.actor,
              });
              return {
                actionId: t.taskId,
                owner: a.owner,
                dueAt: nextDue.toISOString(),
                status: 'open' as const,
                followUpId,
                taskId: t.taskId,
              };
            })
          : [];
        // An action not done is carried to the next meeting: due again by then, not left open forever.
        const carried = nextDue && notDone.length ? notDone : [];
        const moves = carried.flatMap((a) => {
          const moved = tasks.reschedule(a.taskId, nextDue!, rules.agreedAction, cmd.actor, 'carried to the next meeting');
          if (moved) a.dueAt = nextDue!.toISOString();
          return moved ? [moved] : [];
        });
        s.actions.push(...newActions);
        await projector.project({
          followUps: [
            {
              id: followUpId,
              measureId: s.measureId,
              heldAt: new Date(followUp.heldAt),
              onTime,
              decision: cmd.decision,
              scores: cmd.scores,
              actionsNotDone: followUp.actionsNotDone,
              nextDueAt: nextDue ?? null,
            },
          ],
          actions: newActions.map((a, i) => ({
            id: a.actionId,
            followUpId,
            measureId: s.measureId,
            description: cmd.agreedActions[i].description,
            owner: a.owner,
            dueAt: nextDue!,
            status: 'open',
          })),
          actionUpdates: carried.map((a) => ({ id: a.actionId, dueAt: nextDue! })),
          tasks: moves.map((m) => m.row),
          events: [
            projector.event('follow-up.held', cmd.actor, {
              measureId: s.measureId,
              followUpId,
              onTime,
              decision: cmd.decision,
              scores: cmd.scores,
              actionsNotDone: followUp.actionsNotDone,
              cadenceReason: cmd.nextFollowUp?.reason,
            }),
            ...notDone.map((a) =>
              projector.event('agreed-action.not-done-at-meeting', 'system', {
                measureId: s.measureId,
                actionId: a.actionId,
                owner: a.owner,
                to: 'supervisor',
                carriedTo: carried.includes(a) ? a.dueAt : undefined,
              }),
            ),
            ...moves.map((m) => m.event),
          ],
        });
        // The case keeps every goal's progress for its outcome.
        if (cmd.scores.length) {
          await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(goalsScoredSignal, {
            measureId: s.measureId,
            scores: cmd.scores,
            at: now.toISOString(),
          });
        }
        if (cmd.decision === 'step-down') await projectMeasure('measure.stepped-down', cmd.actor, { ladderStep: s.ladderStep });
        if (cmd.decision === 'step-down') await leavePlacement(cmd.actor, wasPlacement);
        if (ending) await end(cmd.actor, `follow-up decision: ${cmd.decision}`);
        else openFollowUp(nextDue!);
        return result({ followUpId, actionIds: newActions.map((a) => a.actionId) });
      },
    );

    gate.command(
      completeAgreedActionUpdate,
      'agreedActionDoneSchema',
      ({ actionId }) => {
        const action = s.actions.find((a) => a.actionId === actionId);
        if (!action) rejectCommand(CommandRejection.InvalidCommand, `actionId ${actionId} is not an agreed action of this measure`);
        if (action!.status === 'done') rejectCommand(CommandRejection.WrongPhase, `action ${actionId} is already done`);
      },
      async ({ actor, actionId }) => {
        const action = s.actions.find((a) => a.actionId === actionId)!;
        action.status = 'done';
        await tasks.complete(action.taskId, actor, { actionId });
        await projector.project({
          actionUpdates: [{ id: actionId, status: 'done', doneAt: new Date(), doneBy: actor }],
        });
        return result();
      },
    );

    gate.command(
      recordSupervisionVisitUpdate,
      'supervisionVisitSchema',
      () => {
        active();
        if (!isPlacement()) rejectCommand(CommandRejection.WrongPhase, 'supervision visits (tilsyn) belong to placements');
        if (!placed()) rejectCommand(CommandRejection.WrongPhase, 'the child has returned home: supervision visits (tilsyn) have stopped');
      },
      async ({ actor, visitedAt, spokeWithChild }) => {
        s.supervisionVisits++;
        if (s.supervisionTaskId) await tasks.complete(s.supervisionTaskId, actor, { spokeWithChild });
        await projector.project({
          events: [
            projector.event('supervision-visit.recorded', actor, {
              measureId: s.measureId,
              visitedAt: visitedAt ?? new Date().toISOString(),
              spokeWithChild,
            }),
          ],
        });
        openSupervisionVisit(addSpan(new Date(), rules.supervisionVisitInterval, cal));
        return result();
      },
    );

    gate.command(
      decideContinuedSupportUpdate,
      'continuedSupportSchema',
      () => {
        active();
        const task = s.turning18TaskId ? tasks.get(s.turning18TaskId) : undefined;
        if (!task || task.status !== 'open')
          rejectCommand(CommandRejection.WrongPhase, 'no decision on support after 18 is due for this measure');
      },
      async ({ actor, continuedSupport, reason }) => {
        await tasks.complete(s.turning18TaskId!, actor, { continuedSupport });
        await projector.project({
          events: [projector.event('continued-support.decided', actor, { measureId: s.measureId, continuedSupport, reason })],
        });
        return result();
      },
    );

    gate.command(
      decideMeasureEndUpdate,
      'endDecisionSchema',
      ({ decision, newPlannedEnd, newLadderStep }) => {
        active();
        if (decision === 'extend' && (newPlannedEnd === undefined || Date.parse(newPlannedEnd) <= Date.parse(s.plannedEnd)))
          rejectCommand(CommandRejection.InvalidCommand, 'newPlannedEnd must be after the current planned end');
        if (decision === 'step-down' && (newLadderStep === undefined || newLadderStep >= s.ladderStep))
          rejectCommand(CommandRejection.InvalidCommand, `newLadderStep must be a step below ${s.ladderStep}`);
      },
      async ({ actor, decision, newPlannedEnd, newLadderStep, reason }) => {
        if (s.endDecisionTaskId) await tasks.complete(s.endDecisionTaskId, actor, { decision });
        if (decision === 'end') {
          await end(actor, reason);
        } else {
          if (decision === 'extend') s.plannedEnd = new Date(newPlannedEnd!).toISOString();
          const wasPlacement = isPlacement();
          if (decision === 'step-down') s.ladderStep = newLadderStep!;
          await projectMeasure(decision === 'extend' ? 'measure.extended' : 'measure.stepped-down', actor, {
            plannedEnd: s.plannedEnd,
            ladderStep: s.ladderStep,
            reason,
          });
          if (decision === 'step-down') await leavePlacement(actor, wasPlacement);
          openEndDecision();
        }
        return result();
      },
    );

    // A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who).
    installReassignTask(gate, tasks, { owner: 'measure', taskRecords: () => s.tasks, result: () => result(), open: active });

    // Return home (hjemgivelse, BL § 100): planned with a date; the statement from the placement and
    // the revised plan fall due before it.
    gate.command(
      planReturnHomeUpdate,
      'planReturnHomeSchema',
      ({ plannedReturnDate }) => {
        active();
        if (!placed()) rejectCommand(CommandRejection.WrongPhase, 'a return home (hjemgivelse) is planned for a placed child');
        const at = Date.parse(plannedReturnDate);
        const now = new Date();
        if (at <= now.getTime()) rejectCommand(CommandRejection.InvalidCommand, 'plannedReturnDate must be in the future');
        if (at > addSpan(now, returnHomeRules(policy).plannedWithin, cal).getTime())
          rejectCommand(CommandRejection.InvalidCommand, 'plannedReturnDate is further ahead than the policy allows');
      },
      async ({ actor, plannedReturnDate, reason }) => {
        const r = returnHomeRules(policy);
        const date = new Date(plannedReturnDate);
        const now = new Date();
        const before = (span: typeof r.statementBefore) => {
          const due = subtractSpan(date, span, cal);
          return due.getTime() > now.getTime() ? due : date;
        };
        const replanned = !!s.returnHome;
        const moves = [];
        if (s.returnHome) {
          s.returnHome.plannedReturnDate = date.toISOString();
          moves.push(
            tasks.reschedule(s.returnHome.statementTaskId, before(r.statementBefore), r.statement, actor, 'return home re-planned'),
          );
          moves.push(
            tasks.reschedule(
              s.returnHome.planRevisionTaskId,
              before(r.planRevisionBefore),
              r.planRevision,
              actor,
              'return home re-planned',
            ),
          );
        } else {
          s.returnHome = {
            status: 'planned',
            plannedReturnDate: date.toISOString(),
            plannedAt: now.toISOString(),
            statementTaskId: openMeasureTask('placement-statement', before(r.statementBefore), r.statement),
            planRevisionTaskId: openMeasureTask('plan-revision', before(r.planRevisionBefore), r.planRevision),
          };
        }
        const moved = moves.filter((m) => !!m);
        const rh = s.returnHome;
        await projector.project({
          tasks: moved.map((m) => m.row),
          events: [
            ...moved.map((m) => m.event),
            projector.event(replanned ? 'return-home.re-planned' : 'return-home.planned', actor, {
              measureId: s.measureId,
              plannedReturnDate: rh.plannedReturnDate,
              reason,
              statementTaskId: rh.statementTaskId,
              statementDueAt: tasks.get(rh.statementTaskId)?.dueAt,
              planRevisionTaskId: rh.planRevisionTaskId,
              planRevisionDueAt: tasks.get(rh.planRevisionTaskId)?.dueAt,
            }),
          ],
        });
        return result({ openedTaskIds: replanned ? [] : [rh.statementTaskId, rh.planRevisionTaskId] });
      },
    );

    gate.command(
      recordReturnHomeUpdate,
      'recordReturnHomeSchema',
      ({ returnedAt }) => {
        active();
        if (s.returnHome?.status !== 'planned') rejectCommand(CommandRejection.WrongPhase, 'no return home (hjemgivelse) is planned');
        if (returnedAt !== undefined) {
          const at = Date.parse(returnedAt);
          if (at > Date.now()) rejectCommand(CommandRejection.InvalidCommand, 'returnedAt must not be in the future');
          if (at < Date.parse(s.returnHome!.plannedAt))
            rejectCommand(CommandRejection.InvalidCommand, 'returnedAt must not be before the return was planned');
        }
      },
      async ({ actor, returnedAt }) => {
        await returnHome(actor, returnedAt ? new Date(returnedAt) : new Date());
        return result();
      },
    );

    // The statement from the placement and the revised plan are marked done by hand.
    const manualKinds: TaskKind[] = ['placement-statement', 'plan-revision'];
    installCompleteTask(gate, tasks, {
      kinds: manualKinds,
      owner: 'measure',
      taskRecords: () => s.tasks,
      open: active,
      result: () => result(),
    });

    // A statutory clock of the measure paused or extended, with a supervisor's approval.
    installClockChanges({
      gate,
      tasks,
      projector,
      policy,
      taskRecords: () => s.tasks,
      requests: () => (s.clockRequests ??= []),
      open: active,
      ruleFor: measureTaskRule,
      result,
    });
  }
}

function newMeasureState(input: MeasureWorkflowInput): MeasureState {
  return {
    measureId: input.measureId,
    caseId: input.caseId,
    decisionId: input.decisionId,
    measure: input.measure,
    coordinatorId: input.coordinatorId,
    status: 'active',
    ladderStep: input.measure.ladderStep,
    plannedEnd: new Date(input.measure.plannedEnd).toISOString(),
    assessmentOngoing: input.assessmentOngoing,
    started: false,
    followUps: [],
    followUpsHeld: 0,
    actions: [],
    supervisionVisits: 0,
    tasks: {},
    applied: [],
    runs: 0,
  };
}
