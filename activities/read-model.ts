import { createReadModelWriters } from '../libs/projection/read-model-writers';
import { ReadModel } from '../libs/read-model/read-model';
import type { ActivityDeps } from './deps';

/**
 * The read model's writers as activities (libs/projection): idempotent, so re-applying a stored
 * input is safe. A write of theirs that retrying cannot fix goes to `dead_letters`
 * (activities/support/dead-letters.ts), and an admin re-applies it through the same writers (the API).
 */
export function createReadModelActivities(deps: Pick<ActivityDeps, 'dataSource' | 'publicUrl' | 'relayQueue'>) {
  const { recordReport, project } = createReadModelWriters(ReadModel.of(deps.dataSource), deps);
  return { recordReport, project };
}
