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
  patched,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { addCalendarMonths } from '../libs/calendar/danish-calendar';
import type { CasePolicy, DeadlineRule } from '../libs/policy/case-policy';
import { addSpan, subtractSpan } from '../libs/policy/deadline-schedule';
import {
  assessmentCompletedSignal,
  caseWorkflowId,
  CommandRejection,
  completeAgreedActionUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  type FollowUpCommand,
  type FollowUpDecision,
  type FollowUpView,
  goalsScoredSignal,
  type MeasureDetails,
  measureEndedSignal,
  type MeasureView,
  measureViewQuery,
  type MeasureWorkflowInput,
  recordFollowUpUpdate,
  recordSupervisionVisitUpdate,
  searchAttributes,
  type TaskKind,
} from './contract';
import { Projector } from './support/projector';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';
import { rejectCommand, requireText, validDate } from './support/validation';

interface MeasureState {
  measureId: string;
  caseId: string;
  decisionId: string;
  measure: MeasureDetails;
  status: 'active' | 'ended';
  ladderStep: number;
  plannedEnd: string;
  assessmentOngoing: boolean;
  started: boolean;
  followUpTaskId?: string;
  followUps: FollowUpView[];
  actions: {
    actionId: string;
    owner: string;
    description: string;
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
  runs: number;
}

const FOLLOW_UP_DECISIONS: FollowUpDecision[] = ['continue', 'adjust', 'stop', 'replace', 'step-down'];

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureView> {
  const policy: CasePolicy = input.policy;
  const cal = policy.calendar;
  const rules = policy.measure;
  const s: MeasureState = (input.resume as MeasureState | undefined) ?? newMeasureState(input);
  s.runs++;
  const projector = new Projector({ caseId: s.caseId });
  const tasks: TaskTracker = new TaskTracker(s.tasks, {
    cal,
    projector,
    measureId: s.measureId,
    onChange: refreshSearchAttributes,
    caseSummary: () => undefined,
  });
  const isPlacement = () => s.ladderStep >= rules.placementFromStep;

  installHandlers();
  tasks.resumeAll();
  refreshSearchAttributes();

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
    await condition(() => ended() || (projector.idle && allHandlersFinished()));
    if (ended()) break;
    // Other coroutines may have run between the condition and here: check again, then go at once.
    if (!(projector.idle && allHandlersFinished())) continue;
    tasks.forgetFinished();
    await continueAsNew<typeof measureWorkflow>({ ...input, resume: s });
  }

  await condition(() => projector.idle && allHandlersFinished());
  return view();

  // ---------------------------------------------------------------------------------------------

  /** A coordinator's task about this measure, due at `dueAt`, with the policy's reminders and escalations. */
  function openMeasureTask(kind: TaskKind, dueAt: Date, rule: Omit<DeadlineRule, 'due'>): string {
    return tasks.open({ kind, assignee: 'coordinator', subjectId: s.measureId, dueAt, rule }).taskId;
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
      agreedActions: s.actions.map(({ taskId: _t, description: _d, ...a }) => a),
      supervisionVisits: s.supervisionVisits,
      openTasks: tasks.openTasks().map(taskView),
      endReason: s.endReason,
      runs: s.runs,
    };
  }

  function installHandlers(): void {
    const active = () => {
      if (s.status !== 'active') rejectCommand(CommandRejection.WrongPhase, 'the measure has ended');
    };

    setHandler(measureViewQuery, view);

    // The parallel assessment ended: the first follow-up comes now, if that is earlier.
    setHandler(assessmentCompletedSignal, async ({ at }) => {
      if (!s.assessmentOngoing || s.status !== 'active') return;
      s.assessmentOngoing = false;
      const current = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
      const dueAt = addSpan(new Date(at), rules.followUpAfterAssessment, cal);
      if (s.followUps.length === 0 && current?.status === 'open' && dueAt.getTime() < new Date(current.dueAt).getTime()) {
        await tasks.cancel(current.taskId, 'system', 'assessment ended: first follow-up moved earlier');
        openFollowUp(dueAt);
      }
    });

    setHandler(
      recordFollowUpUpdate,
      async (cmd) => {
        const now = new Date();
        const task = tasks.get(s.followUpTaskId!)!;
        const onTime = now.getTime() <= new Date(task.dueAt).getTime();
        const followUpId = uuid4();
        // What was agreed last time and is not done is shown at this meeting and escalated.
        const notDone = s.actions.filter((a) => a.status === 'open');
        await tasks.complete(task.taskId, cmd.actor, { followUpId });

        const ending = cmd.decision === 'stop' || cmd.decision === 'replace';
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
                description: a.description,
                dueAt: nextDue.toISOString(),
                status: 'open' as const,
                followUpId,
                taskId: t.taskId,
              };
            })
          : [];
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
          actions: newActions.map((a) => ({
            id: a.actionId,
            followUpId,
            measureId: s.measureId,
            description: a.description,
            owner: a.owner,
            dueAt: nextDue!,
            status: 'open',
          })),
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
              }),
            ),
          ],
        });
        // The case keeps every goal's progress for its outcome; added while measures were running.
        if (cmd.scores.length && patched('goal-scores-to-case')) {
          await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(goalsScoredSignal, {
            measureId: s.measureId,
            scores: cmd.scores,
            at: now.toISOString(),
          });
        }
        if (cmd.decision === 'step-down') await projectMeasure('measure.stepped-down', cmd.actor, { ladderStep: s.ladderStep });
        if (ending) await end(cmd.actor, `follow-up decision: ${cmd.decision}`);
        else openFollowUp(nextDue!);
        return view();
      },
      {
        validator: (cmd: FollowUpCommand) => {
          active();
          requireText(cmd.actor, 'actor');
          if (cmd.heldAt !== undefined) validDate(cmd.heldAt, 'heldAt');
          if (!FOLLOW_UP_DECISIONS.includes(cmd.decision))
            rejectCommand(CommandRejection.InvalidCommand, `decision must be one of ${FOLLOW_UP_DECISIONS.join(', ')}`);
          if (!Array.isArray(cmd.scores)) rejectCommand(CommandRejection.InvalidCommand, 'scores must be a list');
          cmd.scores.forEach((sc: FollowUpCommand['scores'][number], i: number) => {
            requireText(sc?.goalId, `scores[${i}].goalId`);
            if (!Number.isInteger(sc.score) || sc.score < 1 || sc.score > 10)
              rejectCommand(CommandRejection.InvalidCommand, `scores[${i}].score must be a whole number from 1 to 10`);
          });
          for (const goalId of s.measure.goalIds) {
            if (!cmd.scores.some((sc: FollowUpCommand['scores'][number]) => sc.goalId === goalId))
              rejectCommand(CommandRejection.InvalidCommand, `scores must score goal ${goalId} of the measure`);
          }
          if (!Array.isArray(cmd.agreedActions)) rejectCommand(CommandRejection.InvalidCommand, 'agreedActions must be a list');
          cmd.agreedActions.forEach((a: FollowUpCommand['agreedActions'][number], i: number) => {
            requireText(a?.description, `agreedActions[${i}].description`);
            requireText(a.owner, `agreedActions[${i}].owner`);
          });
          if (
            cmd.decision === 'step-down' &&
            (!Number.isInteger(cmd.newLadderStep) || cmd.newLadderStep! < 1 || cmd.newLadderStep! >= s.ladderStep)
          ) {
            rejectCommand(CommandRejection.InvalidCommand, `newLadderStep must be a step below ${s.ladderStep}`);
          }
          if (cmd.nextFollowUp !== undefined) {
            requireText(cmd.nextFollowUp.reason, 'nextFollowUp.reason');
            validSpan(cmd.nextFollowUp.after, 'nextFollowUp.after');
          }
          const task = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
          if (!task || task.status !== 'open') rejectCommand(CommandRejection.WrongPhase, 'no follow-up is scheduled');
        },
      },
    );

    setHandler(
      completeAgreedActionUpdate,
      async ({ actor, actionId }) => {
        const action = s.actions.find((a) => a.actionId === actionId)!;
        action.status = 'done';
        await tasks.complete(action.taskId, actor, { actionId });
        await projector.project({
          actions: [
            {
              id: actionId,
              followUpId: action.followUpId,
              measureId: s.measureId,
              description: action.description,
              owner: action.owner,
              dueAt: new Date(action.dueAt),
              status: 'done',
              doneAt: new Date(),
              doneBy: actor,
            },
          ],
        });
        return view();
      },
      {
        validator: ({ actor, actionId }) => {
          requireText(actor, 'actor');
          const action = s.actions.find((a) => a.actionId === actionId);
          if (!action) rejectCommand(CommandRejection.InvalidCommand, `actionId ${actionId} is not an agreed action of this measure`);
          if (action!.status === 'done') rejectCommand(CommandRejection.WrongPhase, `action ${actionId} is already done`);
        },
      },
    );

    setHandler(
      recordSupervisionVisitUpdate,
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
        return view();
      },
      {
        validator: ({ actor, visitedAt, spokeWithChild }) => {
          active();
          requireText(actor, 'actor');
          if (visitedAt !== undefined) validDate(visitedAt, 'visitedAt');
          if (typeof spokeWithChild !== 'boolean') rejectCommand(CommandRejection.InvalidCommand, 'spokeWithChild must be true or false');
          if (!isPlacement()) rejectCommand(CommandRejection.WrongPhase, 'supervision visits (tilsyn) belong to placements');
        },
      },
    );

    setHandler(
      decideContinuedSupportUpdate,
      async ({ actor, continuedSupport, reason }) => {
        await tasks.complete(s.turning18TaskId!, actor, { continuedSupport });
        await projector.project({
          events: [projector.event('continued-support.decided', actor, { measureId: s.measureId, continuedSupport, reason })],
        });
        return view();
      },
      {
        validator: ({ actor, continuedSupport, reason }) => {
          active();
          requireText(actor, 'actor');
          requireText(reason, 'reason');
          if (typeof continuedSupport !== 'boolean')
            rejectCommand(CommandRejection.InvalidCommand, 'continuedSupport must be true or false');
          const task = s.turning18TaskId ? tasks.get(s.turning18TaskId) : undefined;
          if (!task || task.status !== 'open')
            rejectCommand(CommandRejection.WrongPhase, 'no decision on support after 18 is due for this measure');
        },
      },
    );

    setHandler(
      decideMeasureEndUpdate,
      async ({ actor, decision, newPlannedEnd, newLadderStep, reason }) => {
        if (s.endDecisionTaskId) await tasks.complete(s.endDecisionTaskId, actor, { decision });
        if (decision === 'end') {
          await end(actor, reason);
        } else {
          if (decision === 'extend') s.plannedEnd = new Date(newPlannedEnd!).toISOString();
          if (decision === 'step-down') s.ladderStep = newLadderStep!;
          await projectMeasure(decision === 'extend' ? 'measure.extended' : 'measure.stepped-down', actor, {
            plannedEnd: s.plannedEnd,
            ladderStep: s.ladderStep,
            reason,
          });
          openEndDecision();
        }
        return view();
      },
      {
        validator: ({ actor, decision, newPlannedEnd, newLadderStep, reason }) => {
          active();
          requireText(actor, 'actor');
          requireText(reason, 'reason');
          if (!['extend', 'end', 'step-down'].includes(decision))
            rejectCommand(CommandRejection.InvalidCommand, 'decision must be extend, end or step-down');
          if (decision === 'extend' && validDate(newPlannedEnd, 'newPlannedEnd') <= Date.parse(s.plannedEnd)) {
            rejectCommand(CommandRejection.InvalidCommand, 'newPlannedEnd must be after the current planned end');
          }
          if (decision === 'step-down' && (!Number.isInteger(newLadderStep) || newLadderStep! < 1 || newLadderStep! >= s.ladderStep)) {
            rejectCommand(CommandRejection.InvalidCommand, `newLadderStep must be a step below ${s.ladderStep}`);
          }
        },
      },
    );
  }
}

function newMeasureState(input: MeasureWorkflowInput): MeasureState {
  return {
    measureId: input.measureId,
    caseId: input.caseId,
    decisionId: input.decisionId,
    measure: input.measure,
    status: 'active',
    ladderStep: input.measure.ladderStep,
    plannedEnd: new Date(input.measure.plannedEnd).toISOString(),
    assessmentOngoing: input.assessmentOngoing,
    started: false,
    followUps: [],
    actions: [],
    supervisionVisits: 0,
    tasks: {},
    runs: 0,
  };
}

function validSpan(span: unknown, field: string): void {
  const keys = ['seconds', 'clockHours', 'calendarDays', 'calendarMonths', 'weekdays'];
  const entries = span && typeof span === 'object' ? Object.entries(span) : [];
  if (entries.length !== 1 || !keys.includes(entries[0][0]) || typeof entries[0][1] !== 'number' || !(entries[0][1] > 0)) {
    rejectCommand(CommandRejection.InvalidCommand, `${field} must be one of ${keys.join(', ')} with a positive number`);
  }
}
