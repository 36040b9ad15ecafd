/**
 * A placement's own clocks: supervision visits (tilsyn) twice a year while the child is placed, and
 * for a placed child the decision on support after 18 in time (BL §§ 96, 111, 156).
 */
import { continuedSupportRefusal, supervisionVisitRefusal } from '../measure.rules';
import { COMMANDS } from '../../contract';
import { enforce } from '../../support/validation';
import type { MeasureContext } from '../measure.context';

export function installSupervisionVisit(c: MeasureContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.recordSupervisionVisit,
    () => enforce(supervisionVisitRefusal(s, c.policy)),
    async ({ actor, visitedAt, spokeWithChild }) => {
      s.supervisionVisits++;
      if (s.supervisionTaskId) await tasks.complete(s.supervisionTaskId, actor, { spokeWithChild });
      const data = { measureId: s.measureId, visitedAt: visitedAt ?? new Date().toISOString(), spokeWithChild };
      await projector.project({ events: [projector.event('supervision-visit.recorded', actor, data)] });
      c.openSupervisionVisit(new Date());
      return c.result();
    },
  );
}

export function installContinuedSupport(c: MeasureContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.decideContinuedSupport,
    () => enforce(continuedSupportRefusal(s)),
    async ({ actor, continuedSupport, reason }) => {
      await tasks.complete(s.turning18TaskId!, actor, { continuedSupport });
      const data = { measureId: s.measureId, continuedSupport, reason };
      await projector.project({ events: [projector.event('continued-support.decided', actor, data)] });
      return c.result();
    },
  );
}
