/** The decision before the planned end: extend, step down the ladder, or end the measure. */
import { COMMANDS, type EndDecisionCommand } from '../../contract';
import { enforce } from '../../support/validation';
import type { MeasureContext } from '../measure.context';
import { endDecisionRefusal } from '../measure.rules';

export function installDecideMeasureEnd(c: MeasureContext): void {
  c.gate.command(
    COMMANDS.decideMeasureEnd,
    (cmd) => enforce(endDecisionRefusal(c.s, cmd)),
    (cmd) => decideMeasureEnd(c, cmd),
  );
}

async function decideMeasureEnd(c: MeasureContext, { actor, decision, newPlannedEnd, newLadderStep, reason }: EndDecisionCommand) {
  const s = c.s;
  if (s.endDecisionTaskId) await c.tasks.complete(s.endDecisionTaskId, actor, { decision });
  if (decision === 'end') {
    await c.end(actor, reason);
    return c.result();
  }
  if (decision === 'extend') s.plannedEnd = new Date(newPlannedEnd!).toISOString();
  const wasPlacement = c.isPlacement();
  if (decision === 'step-down') s.ladderStep = newLadderStep!;
  const event = decision === 'extend' ? 'measure.extended' : 'measure.stepped-down';
  await c.projectMeasure(event, actor, { plannedEnd: s.plannedEnd, ladderStep: s.ladderStep, reason });
  if (decision === 'step-down') await c.leavePlacement(actor, wasPlacement);
  c.openEndDecision();
  return c.result();
}
