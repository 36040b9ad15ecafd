/**
 * A coordinator leaves or is away for long: every family and lone case they hold moves to another
 * coordinator, one by one, through each workflow's own command. Durable: if a worker dies half-way,
 * the handover carries on where it was, and a step repeated after a crash changes nothing twice.
 * Which ones move is decided in handover.rules.ts.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { HandoverInput, HandoverResult } from '../contract';
import { handoverSelection } from './handover.rules';

const steps = proxyActivities<Pick<Activities, 'listHoldings' | 'reassignFamily' | 'reassignCase'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function handoverWorkflow({
  actor,
  fromCoordinatorId,
  toCoordinatorId,
  teamId,
  reason,
  caseIds: onlyCases,
  familyIds: onlyFamilies,
}: HandoverInput): Promise<HandoverResult> {
  const held = await steps.listHoldings({ coordinatorId: fromCoordinatorId });
  const { familyIds, caseIds, refused } = handoverSelection(held, onlyCases, onlyFamilies);
  for (const familyId of familyIds) {
    const r = await steps.reassignFamily({ familyId, actor, coordinatorId: toCoordinatorId, teamId, reason });
    if (!r.moved) refused.push({ caseId: `family:${familyId}`, reason: r.reason });
    // The family moved, but some of its children's cases may not have (a full caseload): those are refused too.
    else refused.push(...(r.refused ?? []));
  }
  for (const caseId of caseIds) {
    const r = await steps.reassignCase({ caseId, coordinatorId: toCoordinatorId, teamId, actor, reason });
    if (!r.moved) refused.push({ caseId, reason: r.reason });
  }
  return { families: familyIds.length, cases: caseIds.length, refused };
}
