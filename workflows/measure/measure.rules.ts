/**
 * The rules of a measure (BL §§ 95, 96, 100, 111) as pure functions: which commands it takes in its
 * state, and when each of its deadlines falls. A rule returns the first refusal that applies or
 * nothing. No Temporal imports: the time comes as `now`.
 */
import { addCalendarMonths } from '../../libs/calendar/danish-calendar';
import { type CasePolicy, type DeadlineRule, returnHomeRules, type Span } from '../../libs/policy/case-policy';
import { addSpan, spanAtLeast, subtractSpan } from '../../libs/policy/deadline-schedule';
import type { EndDecisionCommand, FollowUpCommand, PlanReturnHomeCommand, RecordReturnHomeCommand, TaskKind } from '../contract';
import { firstRefusal, invalid, type Verdict, wrongPhase } from '../support/refusal';
import { isPlaced, isPlacement, type MeasureState } from './measure.state';

/** Agreed actions open at once on one measure: a bound on the state, far above any real meeting. */
export const OPEN_ACTIONS_MAX = 100;

// ---------------------------------------------------------------------------------------------
// The commands

export function measureActive(s: MeasureState): Verdict {
  return s.status === 'active' ? undefined : wrongPhase('the measure has ended');
}

function openTask(s: MeasureState, taskId: string | undefined) {
  const task = taskId ? s.tasks[taskId] : undefined;
  return task?.status === 'open' ? task : undefined;
}

/** Every goal of the measure scored once; a step down goes down; the cadence no shorter than the policy's floor. */
export function followUpRefusal(s: MeasureState, cmd: FollowUpCommand, policy: CasePolicy): Verdict {
  return firstRefusal(
    () => measureActive(s),
    () => (openTask(s, s.followUpTaskId) ? undefined : wrongPhase('no follow-up is scheduled')),
    () => scoresRefusal(s, cmd.scores),
    () => stepDownRefusal(s, cmd.decision, cmd.newLadderStep),
    () => {
      const open = s.actions.filter((a) => a.status === 'open').length;
      if (open + cmd.agreedActions.length <= OPEN_ACTIONS_MAX) return undefined;
      return wrongPhase(`the measure would have more than ${OPEN_ACTIONS_MAX} open agreed actions: mark those done that are done first`);
    },
    () =>
      cmd.nextFollowUp && !spanAtLeast(cmd.nextFollowUp.after, policy.measure.minimumFollowUpCadence)
        ? invalid('nextFollowUp.after is shorter than the policy allows')
        : undefined,
  );
}

function scoresRefusal(s: MeasureState, scores: FollowUpCommand['scores']): Verdict {
  for (const [i, sc] of scores.entries()) {
    if (!s.measure.goalIds.includes(sc.goalId)) return invalid(`scores[${i}].goalId ${sc.goalId} is not a goal of the measure`);
    if (scores.findIndex((x) => x.goalId === sc.goalId) !== i) return invalid(`scores[${i}].goalId ${sc.goalId} is scored twice`);
  }
  const missing = s.measure.goalIds.find((goalId) => !scores.some((sc) => sc.goalId === goalId));
  return missing === undefined ? undefined : invalid(`scores must score goal ${missing} of the measure`);
}

function stepDownRefusal(s: MeasureState, decision: string, newLadderStep: number | undefined): Verdict {
  if (decision !== 'step-down' || (newLadderStep !== undefined && newLadderStep < s.ladderStep)) return undefined;
  return invalid(`newLadderStep must be a step below ${s.ladderStep}`);
}

export function agreedActionDoneRefusal(s: MeasureState, { actionId }: { actionId: string }): Verdict {
  const action = s.actions.find((a) => a.actionId === actionId);
  if (!action) return invalid(`actionId ${actionId} is not an agreed action of this measure`);
  if (action.status === 'done') return wrongPhase(`action ${actionId} is already done`);
  return undefined;
}

/** Tilsyn belongs to a placement, while the child is placed. */
export function supervisionVisitRefusal(s: MeasureState, policy: CasePolicy): Verdict {
  return firstRefusal(
    () => measureActive(s),
    () => (isPlacement(s, policy) ? undefined : wrongPhase('supervision visits (tilsyn) belong to placements')),
    () => (isPlaced(s, policy) ? undefined : wrongPhase('the child has returned home: supervision visits (tilsyn) have stopped')),
  );
}

export function continuedSupportRefusal(s: MeasureState): Verdict {
  return firstRefusal(
    () => measureActive(s),
    () => (openTask(s, s.turning18TaskId) ? undefined : wrongPhase('no decision on support after 18 is due for this measure')),
  );
}

/** Extend to a later end, step down to a lower step, or end. */
export function endDecisionRefusal(
  s: MeasureState,
  { decision, newPlannedEnd, newLadderStep }: Pick<EndDecisionCommand, 'decision' | 'newPlannedEnd' | 'newLadderStep'>,
): Verdict {
  return firstRefusal(
    () => measureActive(s),
    () =>
      decision === 'extend' && (newPlannedEnd === undefined || Date.parse(newPlannedEnd) <= Date.parse(s.plannedEnd))
        ? invalid('newPlannedEnd must be after the current planned end')
        : undefined,
    () => stepDownRefusal(s, decision, newLadderStep),
  );
}

/** A return home (hjemgivelse, BL § 100) is planned for a placed child, on a date ahead within the policy's bound. */
export function planReturnHomeRefusal(
  s: MeasureState,
  { plannedReturnDate }: Pick<PlanReturnHomeCommand, 'plannedReturnDate'>,
  now: Date,
  policy: CasePolicy,
): Verdict {
  const at = Date.parse(plannedReturnDate);
  return firstRefusal(
    () => measureActive(s),
    () => (isPlaced(s, policy) ? undefined : wrongPhase('a return home (hjemgivelse) is planned for a placed child')),
    () => (at <= now.getTime() ? invalid('plannedReturnDate must be in the future') : undefined),
    () =>
      at > addSpan(now, returnHomeRules(policy).plannedWithin, policy.calendar).getTime()
        ? invalid('plannedReturnDate is further ahead than the policy allows')
        : undefined,
  );
}

/** The child has returned home: not in the future, not before the return was planned. */
export function recordReturnHomeRefusal(s: MeasureState, { returnedAt }: Pick<RecordReturnHomeCommand, 'returnedAt'>, now: Date): Verdict {
  return firstRefusal(
    () => measureActive(s),
    () => (s.returnHome?.status !== 'planned' ? wrongPhase('no return home (hjemgivelse) is planned') : undefined),
    () => {
      if (returnedAt === undefined) return undefined;
      const at = Date.parse(returnedAt);
      if (at > now.getTime()) return invalid('returnedAt must not be in the future');
      if (at < Date.parse(s.returnHome!.plannedAt)) return invalid('returnedAt must not be before the return was planned');
      return undefined;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/** The first follow-up: 3 months after the measure starts (BL § 95). */
export function firstFollowUpDue(s: MeasureState, policy: CasePolicy): Date {
  return addSpan(new Date(s.measure.startDate), policy.measure.firstFollowUp, policy.calendar);
}

/**
 * The parallel assessment ended at `at`: the first follow-up comes this soon after it, when that is
 * earlier than the one scheduled and no follow-up has been held yet. Undefined when it stays.
 */
export function followUpAfterAssessmentDue(s: MeasureState, at: Date, policy: CasePolicy): Date | undefined {
  const current = openTask(s, s.followUpTaskId);
  const dueAt = addSpan(at, policy.measure.followUpAfterAssessment, policy.calendar);
  if (s.followUpsHeld > 0 || !current || dueAt.getTime() >= new Date(current.dueAt).getTime()) return undefined;
  return dueAt;
}

/** After a meeting, the next one: the policy's cadence or the one the coordinator set; none when the measure ends. */
export function nextFollowUpDue(cmd: Pick<FollowUpCommand, 'decision' | 'nextFollowUp'>, now: Date, policy: CasePolicy): Date | undefined {
  if (cmd.decision === 'stop' || cmd.decision === 'replace') return undefined;
  return addSpan(now, cmd.nextFollowUp?.after ?? policy.measure.followUpCadence, policy.calendar);
}

/** Tilsyn: the next visit at the policy's interval (twice a year) after `from` (BL §§ 96, 156). */
export function supervisionVisitDue(from: Date, policy: CasePolicy): Date {
  return addSpan(from, policy.measure.supervisionVisitInterval, policy.calendar);
}

/** A decision on extend, step down or end, this long before the planned end. */
export function endDecisionDue(s: MeasureState, policy: CasePolicy): Date {
  return subtractSpan(new Date(s.plannedEnd), policy.measure.endDecisionBefore, policy.calendar);
}

/** For a placed child, the decision on support after 18, 6 months before the birthday (BL § 111). */
export function turning18Due(s: MeasureState, policy: CasePolicy): Date | undefined {
  if (!isPlacement(s, policy) || !s.measure.childBirthDate) return undefined;
  const eighteen = addCalendarMonths(new Date(s.measure.childBirthDate), 18 * 12, policy.calendar.timeZone);
  return subtractSpan(eighteen, policy.measure.turning18Before, policy.calendar);
}

/** A task due `span` before the return date, or on the date itself when that moment has passed. */
export function beforeReturnDue(returnDate: Date, span: Span, now: Date, policy: CasePolicy): Date {
  const due = subtractSpan(returnDate, span, policy.calendar);
  return due.getTime() > now.getTime() ? due : returnDate;
}

/** The return-home period after the return, and the follow-up within it. */
export function returnHomePeriod(returnedAt: Date, policy: CasePolicy): { periodEndsAt: Date; followUpBy: Date } {
  const r = returnHomeRules(policy);
  const periodEndsAt = addSpan(returnedAt, r.period, policy.calendar);
  const followUpBy = new Date(Math.min(addSpan(returnedAt, r.followUpAfterReturn, policy.calendar).getTime(), periodEndsAt.getTime()));
  return { periodEndsAt, followUpBy };
}

/** The deadline rule a task of the measure runs on (its steps start over from it when its due time is extended). */
export function measureTaskRule(policy: CasePolicy, kind: TaskKind): Omit<DeadlineRule, 'due'> {
  const rules = policy.measure;
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
