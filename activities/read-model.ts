import { createCaseRecordActivities } from './case-record.activity';
import type { ActivityDeps } from './deps';
import { createProjectionActivities } from './projection.activity';

/**
 * The read model's writers: idempotent, so re-applying a stored input is safe. A write of theirs
 * that retrying cannot fix goes to `dead_letters` (activities/support/dead-letters.ts), and an
 * admin re-applies it through this same code (apps/api/src/admin).
 */
export function createReadModelActivities(deps: Pick<ActivityDeps, 'dataSource' | 'publicUrl' | 'relayQueue'>) {
  return { ...createCaseRecordActivities(deps), ...createProjectionActivities(deps) };
}
