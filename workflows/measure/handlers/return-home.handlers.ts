/**
 * Return home (hjemgivelse, BL § 100): planned with a date; the statement from the placement and the
 * revised plan fall due before it. The return comes by itself on its date (or is recorded earlier),
 * tilsyn stops, and the follow-up and the end decision fall within the return-home period.
 */
import { condition } from '@temporalio/workflow';
import { returnHomeRules } from '../../../libs/policy/case-policy';
import { COMMANDS, type PlanReturnHomeCommand } from '../../contract';
import { enforce } from '../../support/validation';
import type { MeasureContext } from '../measure.context';
import { beforeReturnDue, planReturnHomeRefusal, recordReturnHomeRefusal, returnHomePeriod } from '../measure.rules';

/** The planned return comes by itself on its date, and the return-home period ends by itself. */
export async function returnHomeClock(c: MeasureContext): Promise<void> {
  const s = c.s;
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
    if (status === 'planned') await returnHome(c, 'system', new Date());
    else await endReturnHomePeriod(c);
  }
}

/** The child has returned home: the placement becomes a return-home period, tilsyn stops, follow-up within the period. */
async function returnHome(c: MeasureContext, actor: string, returnedAt: Date): Promise<void> {
  const { s, tasks, projector, rules } = c;
  const rh = s.returnHome!;
  const { periodEndsAt, followUpBy } = returnHomePeriod(returnedAt, c.policy);
  rh.status = 'returned';
  rh.returnedAt = returnedAt.toISOString();
  rh.periodEndsAt = periodEndsAt.toISOString();
  if (s.supervisionTaskId) await tasks.cancel(s.supervisionTaskId, actor, 'returned home: supervision visits (tilsyn) stop');
  // The follow-up (opfølgning) falls within the return-home period, and the decision on the measure at its end.
  const moves = [];
  const followUp = s.followUpTaskId ? tasks.get(s.followUpTaskId) : undefined;
  if (followUp?.status === 'open' && Date.parse(followUp.dueAt) > followUpBy.getTime())
    moves.push(tasks.reschedule(followUp.taskId, followUpBy, rules.followUp, actor, 'return-home period: follow-up within it'));
  else if (followUp?.status !== 'open') c.openFollowUp(followUpBy);
  const endDecision = s.endDecisionTaskId ? tasks.get(s.endDecisionTaskId) : undefined;
  if (endDecision?.status === 'open' && Date.parse(endDecision.dueAt) > periodEndsAt.getTime())
    moves.push(tasks.reschedule(endDecision.taskId, periodEndsAt, rules.endDecision, actor, 'return-home period: decide at its end'));
  const moved = moves.filter((m) => !!m);
  const followUpDueAt = s.followUpTaskId ? tasks.get(s.followUpTaskId)?.dueAt : undefined;
  const data = {
    measureId: s.measureId,
    plannedReturnDate: rh.plannedReturnDate,
    returnedAt: rh.returnedAt,
    periodEndsAt: rh.periodEndsAt,
    followUpDueAt,
  };
  await projector.project({
    tasks: moved.map((m) => m.row),
    events: [...moved.map((m) => m.event), projector.event('return-home.started', actor, data)],
  });
}

async function endReturnHomePeriod(c: MeasureContext): Promise<void> {
  const { s, tasks, projector } = c;
  const rh = s.returnHome!;
  rh.status = 'period-ended';
  const endDecisionDueAt = s.endDecisionTaskId ? tasks.get(s.endDecisionTaskId)?.dueAt : undefined;
  const data = { measureId: s.measureId, returnedAt: rh.returnedAt, periodEndsAt: rh.periodEndsAt, endDecisionDueAt };
  await projector.project({ events: [projector.event('return-home.period-ended', 'system', data)] });
}

export function installPlanReturnHome(c: MeasureContext): void {
  c.gate.command(
    COMMANDS.planReturnHome,
    (cmd) => enforce(planReturnHomeRefusal(c.s, cmd, new Date(), c.policy)),
    (cmd) => planReturnHome(c, cmd),
  );
}

/** Planned (or planned again): the statement and the revised plan are due before the date. */
async function planReturnHome(c: MeasureContext, { actor, plannedReturnDate, reason }: PlanReturnHomeCommand) {
  const { s, tasks, projector } = c;
  const r = returnHomeRules(c.policy);
  const date = new Date(plannedReturnDate);
  const now = new Date();
  const before = (span: typeof r.statementBefore) => beforeReturnDue(date, span, now, c.policy);
  const replanned = !!s.returnHome;
  const moves = [];
  if (s.returnHome) {
    s.returnHome.plannedReturnDate = date.toISOString();
    const why = 'return home re-planned';
    moves.push(tasks.reschedule(s.returnHome.statementTaskId, before(r.statementBefore), r.statement, actor, why));
    moves.push(tasks.reschedule(s.returnHome.planRevisionTaskId, before(r.planRevisionBefore), r.planRevision, actor, why));
  } else {
    s.returnHome = {
      status: 'planned',
      plannedReturnDate: date.toISOString(),
      plannedAt: now.toISOString(),
      statementTaskId: c.openMeasureTask('placement-statement', before(r.statementBefore), r.statement),
      planRevisionTaskId: c.openMeasureTask('plan-revision', before(r.planRevisionBefore), r.planRevision),
    };
  }
  const moved = moves.filter((m) => !!m);
  const rh = s.returnHome;
  const data = {
    measureId: s.measureId,
    plannedReturnDate: rh.plannedReturnDate,
    reason,
    statementTaskId: rh.statementTaskId,
    statementDueAt: tasks.get(rh.statementTaskId)?.dueAt,
    planRevisionTaskId: rh.planRevisionTaskId,
    planRevisionDueAt: tasks.get(rh.planRevisionTaskId)?.dueAt,
  };
  const event = projector.event(replanned ? 'return-home.re-planned' : 'return-home.planned', actor, data);
  await projector.project({ tasks: moved.map((m) => m.row), events: [...moved.map((m) => m.event), event] });
  return c.result({ openedTaskIds: replanned ? [] : [rh.statementTaskId, rh.planRevisionTaskId] });
}

export function installRecordReturnHome(c: MeasureContext): void {
  c.gate.command(
    COMMANDS.recordReturnHome,
    (cmd) => enforce(recordReturnHomeRefusal(c.s, cmd, new Date())),
    async ({ actor, returnedAt }) => {
      await returnHome(c, actor, returnedAt ? new Date(returnedAt) : new Date());
      return c.result();
    },
  );
}
