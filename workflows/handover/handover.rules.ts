/**
 * Which families and lone cases a handover moves. Pure: what the coordinator holds comes from the
 * read model (an activity), the lists from the request.
 */
import type { HandoverResult } from '../contract';

/** A family or case named in a partial handover that the coordinator does not hold (or a case that moves with its family). */
export const NOT_HELD = 'NotHeldByCoordinator';

/**
 * A partial handover moves only the families and lone cases named (and only those the coordinator
 * holds); with neither list, everything moves. Named ones they do not hold are refused.
 */
export function handoverSelection(
  held: { familyIds: string[]; caseIds: string[] },
  onlyCases: string[] | undefined,
  onlyFamilies: string[] | undefined,
): { familyIds: string[]; caseIds: string[]; refused: HandoverResult['refused'] } {
  const partial = onlyCases !== undefined || onlyFamilies !== undefined;
  const familyIds = partial ? held.familyIds.filter((id) => onlyFamilies?.includes(id)) : held.familyIds;
  const caseIds = partial ? held.caseIds.filter((id) => onlyCases?.includes(id)) : held.caseIds;
  const refused: HandoverResult['refused'] = [];
  for (const id of onlyFamilies ?? []) if (!held.familyIds.includes(id)) refused.push({ caseId: `family:${id}`, reason: NOT_HELD });
  for (const id of onlyCases ?? []) if (!held.caseIds.includes(id)) refused.push({ caseId: id, reason: NOT_HELD });
  return { familyIds, caseIds, refused };
}
