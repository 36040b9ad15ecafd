import { createReadModelWriters } from '../libs/projection/read-model-writers';
import { ReadModel } from '../libs/read-model/read-model';
import type { ActivityDeps } from './deps';

export type { ProjectedEvent, Projection } from '../libs/projection/projection';

/** Writes one step of a workflow into the read model, in one transaction (libs/projection/projection.ts). */
export function createProjectionActivities(deps: Pick<ActivityDeps, 'dataSource' | 'publicUrl' | 'relayQueue'>) {
  return { project: createReadModelWriters(ReadModel.of(deps.dataSource), deps).project };
}
