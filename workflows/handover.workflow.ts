/**
 * A coordinator leaves or is away for long: every family and lone case they hold moves to another
 * coordinator, one by one, through each workflow's own command. Durable: if a worker dies half-way,
 * the handover carries on where it was, and a step repeated after a crash changes nothing twice.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HandoverInput, HandoverResult } from './contract';

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
  const refused: HandoverResult['refused'] = [];
  // A partial handover moves only the families and lone cases named (and only those the coordinator
  // holds); with neither list, everything moves. Named ones they do not hold are reported as refused.
  const partial = onlyCases !== undefined || onlyFamilies !== undefined;
  const familyIds = partial ? held.familyIds.filter((id) => onlyFamilies?.includes(id)) : held.familyIds;
  const caseIds = partial ? held.caseIds.filter((id) => onlyCases?.includes(id)) : held.caseIds;
  for (const id of onlyFamilies ?? []) if (!held.familyIds.includes(id)) refused.push({ caseId: `family:${id}`, reason: NOT_HELD });
  for (const id of onlyCases ?? []) if (!held.caseIds.includes(id)) refused.push({ caseId: id, reason: NOT_HELD });
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

/** A family or case named in a partial handover that the coordinator does not hold (or a case that moves with its family). */
const NOT_HELD = 'NotHeldByCoordinator';
